import { useState } from "react";
import { ApiProblem, api, newIdempotencyKey, seg } from "../api/client.ts";
import type { Order, Payment, PaymentReceipt } from "../api/types.ts";
import { ConfirmDialog } from "../components/confirm-dialog.tsx";
import { type Column, DataTable } from "../components/data-table.tsx";
import { Badge, Empty, LoadStates } from "../components/states.tsx";
import { TextField } from "../components/text-field.tsx";
import {
  formatDateTime,
  formatDay,
  formatMoney,
  humanize,
  money,
  parseMoney,
  toDecimalText,
} from "../format.ts";
import { useIdempotencyKeys } from "../use-idempotency-keys.ts";
import { useResource } from "../use-resource.ts";
import { MarkPaidDialog } from "./mark-paid-dialog.tsx";

/** The order's payments: amounts, card, transactions, and capture and refund with confirmation. */
export function PaymentsPanel({
  order,
  version,
  onChanged,
}: {
  order: Order;
  version: number;
  onChanged(): void;
}) {
  const payments = useResource(`${order.id}|${version}`, (signal) =>
    api<{ payments: Payment[] }>(`/admin/orders/${seg(order.id)}/payments`, { signal }),
  );
  const list = payments.data?.payments;
  return (
    <section className="card" aria-labelledby="payments-heading">
      <h2 id="payments-heading">Payment</h2>
      <LoadStates resource={payments} label="Loading payments…" />
      {list && list.length === 0 ? (
        <Empty title="No card payment.">
          <p>{order.giftCard ? "This order was paid in full by gift card." : "Nothing was charged."}</p>
        </Empty>
      ) : null}
      {list?.map((p) => (
        <PaymentBlock key={p.id} order={order} payment={p} onChanged={onChanged} />
      ))}
    </section>
  );
}

/** Bank transfers and purchase-order invoices: paid when the money arrives, not by a capture. */
const offlineProviders = new Set(["bank_transfer", "purchase_order"]);

const transactionColumns: Column<Payment["transactions"][number]>[] = [
  { header: "When", cell: (t) => formatDateTime(t.at) },
  { header: "Kind", cell: (t) => humanize(t.kind) },
  { header: "Outcome", cell: (t) => humanize(t.outcome) },
  { header: "Amount", numeric: true, cell: (t) => money(t.amount) },
];

const receiptColumns: Column<Payment["receipts"][number]>[] = [
  { header: "Received on", rowHeader: true, cell: (r) => formatDay(r.receivedOn) },
  { header: "From", cell: (r) => (r.source === "manual" ? "Marked paid" : "Bank statement") },
  { header: "Reference", cell: (r) => r.reference ?? "–" },
  {
    header: "Amount",
    numeric: true,
    cell: (r) => (
      <>
        {money(r.amount)}
        {r.overpaid.amount > 0 ? (
          <span className="cell-sub cell-sub--error">{money(r.overpaid)} overpaid</span>
        ) : null}
      </>
    ),
  },
];

/** What a recorded receipt did, in one sentence for the status line. */
function receiptMessage(r: PaymentReceipt): string {
  const recorded = `Recorded ${formatMoney(r.applied.amount + r.overpaid.amount, r.applied.currency)}.`;
  if (r.outstanding.amount > 0) return `${recorded} Still due: ${money(r.outstanding)}.`;
  if (r.overpaid.amount > 0) return `${recorded} Paid in full; ${money(r.overpaid)} overpaid.`;
  return `${recorded} Paid in full.`;
}

function PaymentBlock({
  order,
  payment: p,
  onChanged,
}: {
  order: Order;
  payment: Payment;
  onChanged(): void;
}) {
  const [action, setAction] = useState<"capture" | "refund" | "receipt" | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const refundable = p.captured.amount - p.refunded.amount;
  const capturable = p.status === "authorized" && order.status !== "cancelled";
  const offline = offlineProviders.has(p.provider);
  const due = p.authorized.amount - p.captured.amount;
  const awaitingMoney =
    offline &&
    (p.status === "awaiting_payment" || p.status === "partially_paid") &&
    order.status !== "cancelled";
  const finished = (message: string) => {
    setAction(null);
    setDone(message);
    onChanged();
  };
  return (
    <div className="payment">
      <div className="payment__head">
        <span>
          {p.brand ? humanize(p.brand) : humanize(p.provider)}
          {p.last4 ? ` •••• ${p.last4}` : ""} <span className="cell-sub">via {p.provider}</span>
        </span>
        <Badge status={p.status} />
      </div>
      <dl className="stats stats--inline">
        <div>
          <dt>{offline ? "Amount due" : "Authorized"}</dt>
          <dd>{money(p.authorized)}</dd>
        </div>
        <div>
          <dt>{offline ? "Received" : "Captured"}</dt>
          <dd>{money(p.captured)}</dd>
        </div>
        {offline && due > 0 ? (
          <div>
            <dt>Still due</dt>
            <dd>{formatMoney(due, p.authorized.currency)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Refunded</dt>
          <dd>{money(p.refunded)}</dd>
        </div>
      </dl>
      {done ? (
        <p className="notice notice--success" role="status">
          {done}
        </p>
      ) : null}
      <div className="button-row">
        {awaitingMoney ? (
          <button type="button" className="button button--primary" onClick={() => setAction("receipt")}>
            Mark as paid
          </button>
        ) : null}
        {capturable ? (
          <button type="button" className="button button--primary" onClick={() => setAction("capture")}>
            Capture {money(p.authorized)}
          </button>
        ) : null}
        {refundable > 0 ? (
          <button type="button" className="button button--secondary" onClick={() => setAction("refund")}>
            Refund
          </button>
        ) : null}
      </div>
      {p.receipts.length ? (
        <>
          <h3>Money received</h3>
          <DataTable
            caption="Money received, oldest first"
            compact
            columns={receiptColumns}
            rows={p.receipts}
            rowKey={(r) => r.id}
          />
        </>
      ) : null}
      {p.transactions.length ? (
        <details className="transactions">
          <summary>Transactions ({p.transactions.length})</summary>
          <DataTable compact columns={transactionColumns} rows={p.transactions} rowKey={(t) => t.id} />
        </details>
      ) : null}
      {action === "receipt" ? (
        <MarkPaidDialog
          order={order}
          payment={p}
          onDone={(receipt) => finished(receiptMessage(receipt))}
          onCancel={() => setAction(null)}
        />
      ) : null}
      {action === "capture" ? (
        <CaptureDialog
          order={order}
          payment={p}
          onDone={() => finished(`Captured ${money(p.authorized)}.`)}
          onCancel={() => setAction(null)}
        />
      ) : null}
      {action === "refund" ? (
        <RefundDialog
          order={order}
          refundable={refundable}
          onDone={(amount) => finished(`Refunded ${formatMoney(amount, order.currency)}.`)}
          onCancel={() => setAction(null)}
        />
      ) : null}
    </div>
  );
}

function CaptureDialog({
  order,
  payment,
  onDone,
  onCancel,
}: {
  order: Order;
  payment: Payment;
  onDone(): void;
  onCancel(): void;
}) {
  // One key per dialog: retrying after a lost answer cannot capture twice.
  const [key] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  async function confirm() {
    setBusy(true);
    setProblem(null);
    try {
      await api(`/admin/orders/${seg(order.id)}/payments/capture`, {
        method: "POST",
        body: {},
        idempotencyKey: key,
      });
      onDone();
    } catch (e) {
      setProblem(ApiProblem.from(e));
      setBusy(false);
    }
  }
  return (
    <ConfirmDialog
      title={`Capture ${money(payment.authorized)}?`}
      confirmLabel="Capture"
      busy={busy}
      problem={problem}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <p>The shopper's card is charged the authorized amount of order {order.number}.</p>
    </ConfirmDialog>
  );
}

function RefundDialog({
  order,
  refundable,
  onDone,
  onCancel,
}: {
  order: Order;
  refundable: number;
  onDone(amount: number): void;
  onCancel(): void;
}) {
  const keyFor = useIdempotencyKeys();
  const [amountText, setAmountText] = useState(() => toDecimalText(refundable, order.currency));
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ amount?: string; reason?: string }>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  async function confirm() {
    const amount = parseMoney(amountText, order.currency);
    const found: typeof errors = {};
    if (amount === undefined) found.amount = "Enter an amount such as 12.50.";
    else if (amount > refundable)
      found.amount = `At most ${formatMoney(refundable, order.currency)} can be refunded.`;
    if (!reason.trim()) found.reason = "Say why you refund (the shopper may see it).";
    setErrors(found);
    if (found.amount || found.reason || amount === undefined) return;
    const body = { amount, reason: reason.trim() };
    setBusy(true);
    setProblem(null);
    try {
      await api(`/admin/orders/${seg(order.id)}/payments/refund`, {
        method: "POST",
        body,
        idempotencyKey: keyFor(body),
      });
      onDone(amount);
    } catch (e) {
      setProblem(ApiProblem.from(e));
      setBusy(false);
    }
  }
  const full = amountText === toDecimalText(refundable, order.currency);
  return (
    <ConfirmDialog
      title={`Refund order ${order.number}`}
      confirmLabel={full ? "Refund in full" : "Refund"}
      busy={busy}
      problem={problem}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <p>Up to {formatMoney(refundable, order.currency)} can be refunded to the shopper's card.</p>
      <TextField
        id="refund-amount"
        label={`Amount (${order.currency})`}
        inputMode="decimal"
        value={amountText}
        onChange={(e) => setAmountText(e.target.value)}
        error={errors.amount}
        after={
          <button
            type="button"
            className="button button--ghost"
            onClick={() => setAmountText(toDecimalText(refundable, order.currency))}
          >
            Full amount
          </button>
        }
      />
      <TextField
        id="refund-reason"
        label="Reason"
        value={reason}
        maxLength={500}
        onChange={(e) => setReason(e.target.value)}
        error={errors.reason}
      />
    </ConfirmDialog>
  );
}
