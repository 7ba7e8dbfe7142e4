import { useCallback, useRef, useState } from "react";
import { ApiProblem, api, seg } from "../api/client.ts";
import type { Address, Order, OrderLine } from "../api/types.ts";
import { ConfirmDialog } from "../components/confirm-dialog.tsx";
import { type Column, DataTable } from "../components/data-table.tsx";
import { DownloadButton } from "../components/download-button.tsx";
import { Link } from "../components/link.tsx";
import { Badge, LoadStates } from "../components/states.tsx";
import { countryName, formatDate, formatDateTime, humanize, money } from "../format.ts";
import { usePageTitle } from "../router.ts";
import { useResource } from "../use-resource.ts";
import { FulfillmentPanel } from "./fulfillment-panel.tsx";
import { PaymentsPanel } from "./payments-panel.tsx";

/** One order: lines and totals, customer, payments, fulfilment, timeline, receipt. */
export function OrderDetailPage({ orderId }: { orderId: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [version, setVersion] = useState(0);
  const order = useResource(`${orderId}|${version}`, (signal) =>
    api<Order>(`/admin/orders/${seg(orderId)}`, { signal }),
  );
  // Panels call this after an action so badges, totals and the timeline catch up.
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  const o = order.data;
  usePageTitle(o ? `Order ${o.number}` : "Order", heading);

  return (
    <section className="page" aria-labelledby="order-heading">
      <p className="breadcrumb">
        <Link to="/orders">← Orders</Link>
      </p>
      <LoadStates resource={order} label="Loading the order…" />
      {!o ? (
        <h1 id="order-heading" ref={heading} tabIndex={-1} className="visually-hidden">
          Order
        </h1>
      ) : (
        <>
          <div className="page__header">
            <div>
              <h1 id="order-heading" ref={heading} tabIndex={-1}>
                Order {o.number}
              </h1>
              <p className="page__meta">
                Placed {formatDateTime(o.placedAt)} · <Badge status={o.state} />
                <span className="page__facets">
                  payment <Badge status={o.paymentStatus} /> fulfilment <Badge status={o.fulfillmentStatus} />
                </span>
              </p>
            </div>
            <div className="page__actions">
              <DownloadButton
                path={`/admin/orders/${seg(o.id)}/receipt.pdf`}
                filename={`receipt-${o.number}.pdf`}
                label="Download receipt"
              />
              <CancelOrder order={o} onChanged={changed} />
            </div>
          </div>
          <div className="detail-grid">
            <div className="detail-grid__main">
              <ItemsCard order={o} />
              <PaymentsPanel order={o} version={version} onChanged={changed} />
              <FulfillmentPanel order={o} version={version} onChanged={changed} />
            </div>
            <div className="detail-grid__side">
              <CustomerCard order={o} />
              <TimelineCard order={o} />
            </div>
          </div>
        </>
      )}
    </section>
  );
}

const lineColumns: Column<OrderLine>[] = [
  {
    header: "Item",
    cell: (l) => (
      <>
        <span className="cell-main">{l.title}</span>
        <span className="cell-sub">SKU {l.sku}</span>
      </>
    ),
  },
  { header: "Price", numeric: true, cell: (l) => money(l.unitPrice) },
  { header: "Qty", numeric: true, cell: (l) => l.quantity },
  { header: "Subtotal", numeric: true, cell: (l) => money(l.subtotal) },
];

function ItemsCard({ order: o }: { order: Order }) {
  const t = o.totals;
  return (
    <section className="card" aria-labelledby="items-heading">
      <h2 id="items-heading">Items</h2>
      <DataTable columns={lineColumns} rows={o.lines} rowKey={(l) => l.sku} />
      <dl className="totals">
        <div>
          <dt>Subtotal</dt>
          <dd>{money(t.subtotal)}</dd>
        </div>
        {t.discountTotal.amount > 0 ? (
          <div>
            <dt>
              Discounts
              {o.promotions.length ? (
                <span className="cell-sub">{o.promotions.map((p) => p.code ?? p.label).join(", ")}</span>
              ) : null}
            </dt>
            <dd>−{money(t.discountTotal)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Shipping ({o.shipping.name})</dt>
          <dd>{money(t.shippingTotal)}</dd>
        </div>
        <div>
          <dt>Tax</dt>
          <dd>{money(t.taxTotal)}</dd>
        </div>
        <div className="totals__grand">
          <dt>Total</dt>
          <dd>{money(t.total)}</dd>
        </div>
        {o.giftCard ? (
          <div>
            <dt>Paid by gift card ({o.giftCard.codeHint})</dt>
            <dd>{money(o.giftCard.amount)}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

/** Countries that write "City, REGION 12345"; most others write "12345 City". */
const cityFirst = new Set(["US", "CA", "AU", "GB", "IE", "NZ"]);

function cityLine(a: Address): string {
  if (cityFirst.has(a.country ?? ""))
    return [[a.city, a.region].filter(Boolean).join(", "), a.postalCode].filter(Boolean).join(" ");
  return [a.postalCode, a.city, a.region].filter(Boolean).join(" ");
}

function AddressLines({ address }: { address: Address }) {
  const a = address;
  const lines = [
    [a.firstName, a.lastName].filter(Boolean).join(" "),
    a.company,
    a.line1,
    a.line2,
    cityLine(a),
    countryName(a.country),
    a.phone,
  ].filter((l): l is string => Boolean(l));
  return (
    <address className="address">
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: address lines have no identity besides their place.
        <span key={i}>{line}</span>
      ))}
    </address>
  );
}

function CustomerCard({ order: o }: { order: Order }) {
  return (
    <section className="card" aria-labelledby="customer-heading">
      <h2 id="customer-heading">Customer</h2>
      <p>
        <Link to={`/orders?q=${encodeURIComponent(o.email)}`}>{o.email}</Link>
      </p>
      <h3>Shipping address</h3>
      <AddressLines address={o.shippingAddress} />
      <h3>Billing address</h3>
      {o.billingAddress ? <AddressLines address={o.billingAddress} /> : <p>Same as shipping</p>}
      <h3>Delivery</h3>
      <p>
        {o.shipping.name}
        {o.shipping.estimate ? (
          <span className="cell-sub">
            Estimated {formatDate(o.shipping.estimate.earliest)} – {formatDate(o.shipping.estimate.latest)}
          </span>
        ) : null}
      </p>
    </section>
  );
}

/** Timeline types as a merchant reads them: "fulfillment_fulfilled" is just "Fulfilled". */
function timelineLabel(type: string): string {
  if (type === "placed" || type === "cancelled") return `Order ${type}`;
  if (type.startsWith("fulfillment_")) return humanize(type.slice("fulfillment_".length));
  return humanize(type);
}

function TimelineCard({ order: o }: { order: Order }) {
  return (
    <section className="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <ol className="timeline">
        {[...o.timeline].reverse().map((t, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: entries can repeat a type at the same instant.
          <li key={`${t.at}-${i}`}>
            <span className="timeline__what">
              {timelineLabel(t.type)}
              {t.state ? (
                <>
                  {" "}
                  <span className="visually-hidden">, order now </span>
                  <Badge status={t.state} />
                </>
              ) : null}
            </span>
            <span className="cell-sub">
              <time dateTime={t.at}>{formatDateTime(t.at)}</time> · {t.actor}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Cancels the order: stock back, the hold voided or the capture refunded; asks for a reason first. */
function CancelOrder({ order, onChanged }: { order: Order; onChanged(): void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  // The state machine refuses to cancel once anything shipped: those units come back by a return.
  if (order.status === "cancelled" || order.fulfillmentStatus !== "unfulfilled") return null;
  const voiding = order.paymentStatus === "authorized";
  // A bank transfer or invoice with no money in yet: nothing to void or refund.
  const unpaid = order.paymentStatus === "awaiting_payment";
  async function confirm() {
    if (!reason.trim()) {
      setError("Say why the order is cancelled.");
      return;
    }
    setBusy(true);
    setError(null);
    setProblem(null);
    try {
      await api(`/admin/orders/${seg(order.id)}/cancel`, { method: "POST", body: { reason: reason.trim() } });
      setOpen(false);
      onChanged();
    } catch (e) {
      setProblem(ApiProblem.from(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className="button button--danger-ghost" onClick={() => setOpen(true)}>
        Cancel order
      </button>
      {open ? (
        <ConfirmDialog
          title={`Cancel order ${order.number}?`}
          confirmLabel={voiding ? "Cancel and void payment" : unpaid ? "Cancel order" : "Cancel and refund"}
          tone="danger"
          busy={busy}
          problem={problem}
          onConfirm={confirm}
          onCancel={() => setOpen(false)}
        >
          <p>
            The units go back in stock and{" "}
            {voiding
              ? `the payment hold of ${money(order.amountCharged)} is voided.`
              : unpaid
                ? "the payment the shopper still owes is no longer expected."
                : "what was received is refunded to the shopper."}{" "}
            This cannot be undone.
          </p>
          <div className="field">
            <label htmlFor="cancel-reason">Reason</label>
            <input
              id="cancel-reason"
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? "cancel-error" : undefined}
            />
          </div>
          {error ? (
            <p id="cancel-error" className="field__error" role="alert">
              {error}
            </p>
          ) : null}
        </ConfirmDialog>
      ) : null}
    </>
  );
}
