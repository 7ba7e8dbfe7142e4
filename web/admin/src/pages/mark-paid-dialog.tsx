import { useState } from "react";
import { ApiProblem, api, seg } from "../api/client.ts";
import type { Order, Payment, PaymentReceipt } from "../api/types.ts";
import { ConfirmDialog } from "../components/confirm-dialog.tsx";
import { TextField } from "../components/text-field.tsx";
import { formatDay, formatMoney, parseMoney, toDecimalText, today } from "../format.ts";
import { useIdempotencyKeys } from "../use-idempotency-keys.ts";

interface Draft {
  amount: number;
  receivedOn: string;
  reference: string;
}

/**
 * Records money received for a bank transfer or purchase-order invoice: the amount (the amount
 * still due by default), the day it arrived and a reference, then a review step before anything
 * is written. The server decides what it pays and what is overpaid; its refusals are shown as sent.
 */
export function MarkPaidDialog({
  order,
  payment,
  onDone,
  onCancel,
}: {
  order: Order;
  payment: Payment;
  onDone(receipt: PaymentReceipt): void;
  onCancel(): void;
}) {
  const currency = payment.authorized.currency;
  const due = payment.authorized.amount - payment.captured.amount;
  const [amountText, setAmountText] = useState(() => toDecimalText(due, currency));
  const [receivedOn, setReceivedOn] = useState(today);
  const [reference, setReference] = useState("");
  const [errors, setErrors] = useState<{ amount?: string; receivedOn?: string }>({});
  const [review, setReview] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const keyFor = useIdempotencyKeys();

  function check() {
    const amount = parseMoney(amountText, currency);
    const found: typeof errors = {};
    if (amount === undefined)
      found.amount = `Enter an amount such as ${toDecimalText(due > 0 ? due : 1250, currency)}.`;
    if (!receivedOn) found.receivedOn = "Enter the day the money arrived.";
    else if (receivedOn > today()) found.receivedOn = "The money cannot arrive after today.";
    setErrors(found);
    if (amount === undefined || found.receivedOn) return;
    setProblem(null);
    setReview({ amount, receivedOn, reference: reference.trim() });
  }

  async function record(draft: Draft) {
    const body = {
      amount: draft.amount,
      currency,
      receivedOn: draft.receivedOn,
      ...(draft.reference ? { reference: draft.reference } : {}),
    };
    setBusy(true);
    setProblem(null);
    try {
      const receipt = await api<PaymentReceipt>(`/admin/orders/${seg(order.id)}/payments/receipts`, {
        method: "POST",
        body,
        idempotencyKey: keyFor(body),
      });
      onDone(receipt);
    } catch (e) {
      setProblem(ApiProblem.from(e));
      setBusy(false);
    }
  }

  const amountShown = (amount: number) => formatMoney(amount, currency);
  return (
    <ConfirmDialog
      title={review ? `Record ${amountShown(review.amount)} received?` : `Mark order ${order.number} paid`}
      confirmLabel={review ? "Record payment" : "Review"}
      busy={busy}
      problem={problem}
      onConfirm={() => (review ? record(review) : check())}
      onCancel={onCancel}
    >
      {review ? (
        <Review draft={review} due={due} currency={currency} onChange={() => setReview(null)} busy={busy} />
      ) : (
        <>
          <p>
            {amountShown(due)} of {amountShown(payment.authorized.amount)} is still due by{" "}
            {payment.provider === "purchase_order" ? "invoice" : "bank transfer"}.
          </p>
          <TextField
            id="receipt-amount"
            label={`Amount received (${currency})`}
            inputMode="decimal"
            value={amountText}
            onChange={(e) => setAmountText(e.target.value)}
            error={errors.amount}
          />
          <TextField
            id="receipt-date"
            label="Received on"
            type="date"
            value={receivedOn}
            max={today()}
            onChange={(e) => setReceivedOn(e.target.value)}
            error={errors.receivedOn}
          />
          <TextField
            id="receipt-reference"
            label="Reference (optional)"
            value={reference}
            maxLength={140}
            placeholder="Bank transaction id or note"
            onChange={(e) => setReference(e.target.value)}
          />
        </>
      )}
    </ConfirmDialog>
  );
}

/** What recording this receipt will do, in words, before it is written. */
function Review({
  draft,
  due,
  currency,
  busy,
  onChange,
}: {
  draft: Draft;
  due: number;
  currency: string;
  busy: boolean;
  onChange(): void;
}) {
  const after = due - draft.amount;
  return (
    <>
      <p>
        Received on {formatDay(draft.receivedOn)}
        {draft.reference ? <>, reference “{draft.reference}”</> : null}.
      </p>
      {after > 0 ? (
        <p>{formatMoney(after, currency)} will still be due.</p>
      ) : after === 0 ? (
        <p>The order will be paid in full.</p>
      ) : (
        <p className="notice notice--warning">
          That is {formatMoney(-after, currency)} more than is due. The order will be paid in full and the
          difference recorded as overpaid, to refund or keep.
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button button--ghost" onClick={onChange} disabled={busy}>
          Change
        </button>
      </div>
    </>
  );
}
