import { useEffect, useRef, useState } from "react";
import { ApiProblem, api } from "../api/client.ts";
import type { OrderStatus } from "../api/types.ts";
import { brandName } from "../components/card-brand.ts";
import { Minus } from "../components/discount-rows.tsx";
import { Link } from "../components/link.tsx";
import { OrderLineItems, OrderTotals } from "../components/order-totals.tsx";
import { ReceiptDownload } from "../components/receipt-download.tsx";
import { usePageTitle } from "../router.ts";
import { orderStatusAmounts, shownAmounts } from "../shown-amounts.ts";

type Load =
  | { kind: "loading" }
  | { kind: "not_found" }
  | { kind: "error"; message: string }
  | { kind: "ready"; order: OrderStatus };

/** The token sits after `#` in the email link so it never reaches a server log or a Referer. */
function tokenFromFragment(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get("token");
  return token?.trim() ? token.trim() : null;
}

const timelineLabels: Record<string, string> = {
  placed: "Order placed",
  payment_authorized: "Payment authorized",
  payment_captured: "Payment received",
  payment_partially_refunded: "Partial refund issued",
  payment_refunded: "Refunded",
  payment_voided: "Payment authorization released",
  fulfillment_partially_fulfilled: "Part of your order shipped",
  fulfillment_fulfilled: "Shipped",
  fulfillment_delivered: "Delivered",
  cancelled: "Order cancelled",
};

/** The API may add timeline types; an unknown one still reads as words rather than a code. */
function timelineLabel(type: string): string {
  const known = timelineLabels[type];
  if (known) return known;
  const words = type.replace(/[_.]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The one line a shopper looks for first; fulfilment is read from the timeline's latest entry. */
export function statusInWords(order: OrderStatus): { title: string; detail: string } {
  if (order.status === "cancelled")
    return {
      title: "Cancelled",
      detail: "This order was cancelled. Any payment has been released or refunded.",
    };
  const fulfillment = order.timeline.filter((t) => t.type.startsWith("fulfillment_")).at(-1)?.type;
  if (fulfillment === "fulfillment_delivered")
    return { title: "Delivered", detail: "Your order has been delivered." };
  if (fulfillment === "fulfillment_fulfilled")
    return { title: "Shipped", detail: "Your order is on its way." };
  if (fulfillment === "fulfillment_partially_fulfilled")
    return { title: "Partly shipped", detail: "Part of your order is on its way; the rest follows." };
  if (order.paymentStatus === "refunded")
    return { title: "Refunded", detail: "This order has been refunded." };
  return { title: "Being prepared", detail: "We've received your order and are getting it ready to ship." };
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const day = new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric" });

/** An ISO date (2026-11-25) as that calendar day here: `new Date("2026-11-25")` is UTC midnight, a day early west of Greenwich. */
function calendarDay(iso: string): Date {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

/** Each date kept on one line, so a narrow screen breaks the range at the dash, not inside a date. */
function DeliveryDates({ estimate }: { estimate: NonNullable<OrderStatus["shipping"]["estimate"]> }) {
  const earliest = <span className="nowrap">{day.format(calendarDay(estimate.earliest))}</span>;
  if (estimate.earliest === estimate.latest) return earliest;
  return (
    <>
      {earliest} – <span className="nowrap">{day.format(calendarDay(estimate.latest))}</span>
    </>
  );
}

/**
 * Milestones still ahead, shown after what happened so a fresh order reads as a journey with
 * a next step rather than a single "placed" line. None once cancelled or delivered.
 */
function upcomingMilestones(order: OrderStatus): string[] {
  if (order.status === "cancelled") return [];
  const types = new Set(order.timeline.map((t) => t.type));
  if (types.has("fulfillment_delivered")) return [];
  return types.has("fulfillment_fulfilled") ? ["Delivered"] : ["Shipped", "Delivered"];
}

export default function OrderStatusPage({ orderId }: { orderId: string }) {
  const [token] = useState(tokenFromFragment);
  const [load, setLoad] = useState<Load>({ kind: "loading" });
  const heading = useRef<HTMLHeadingElement>(null);
  const order = load.kind === "ready" ? load.order : null;
  usePageTitle(order ? `Order ${order.number}` : "Your order", heading);

  useEffect(() => {
    const abort = new AbortController();
    // The email link carries the order's token; the account's order list links without one, and
    // the session opens the order instead (a guest without a token gets 401: not found here).
    const read = token
      ? api.getOrderStatus(orderId, token, abort.signal)
      : api.getCustomerOrder(orderId, abort.signal);
    read.then(
      (o) => setLoad({ kind: "ready", order: o }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        // A wrong token answers 404 like an unknown order; a malformed one is refused with 400.
        if (error instanceof ApiProblem && [400, 401, 404].includes(error.status))
          setLoad({ kind: "not_found" });
        else
          setLoad({
            kind: "error",
            message: error instanceof ApiProblem ? error.message : "Something went wrong. Please try again.",
          });
      },
    );
    return () => abort.abort();
  }, [orderId, token]);

  if (!order) {
    return (
      <section className="narrow" aria-labelledby="order-status-title">
        <h1 id="order-status-title" ref={heading} tabIndex={-1} className="page-title">
          Your order
        </h1>
        <div aria-live="polite">
          {load.kind === "loading" ? <p className="loading">Loading your order…</p> : null}
          {load.kind === "not_found" ? (
            <p className="notice notice--error" role="alert">
              We couldn't find this order — check the link in your email.
            </p>
          ) : null}
          {load.kind === "error" ? (
            <p className="notice notice--error" role="alert">
              {load.message}
            </p>
          ) : null}
        </div>
        <p>
          <Link href="/">Continue shopping</Link>
        </p>
      </section>
    );
  }

  const status = statusInWords(order);
  // The amounts as the checkout summary showed them: with tax where shelf prices include it.
  const source = orderStatusAmounts(order);
  const amounts = shownAmounts(source);
  return (
    <section className="confirmation order-status" aria-labelledby="order-status-title">
      <div className="confirmation__head">
        <h1 id="order-status-title" ref={heading} tabIndex={-1} className="page-title">
          Order <span className="order-number">{order.number}</span>
        </h1>
        <p className="order-status__badge">
          <span className={`status-pill status-pill--${order.status}`}>{status.title}</span>
        </p>
        <p className="muted">{status.detail}</p>
        {token ? <ReceiptDownload orderId={order.id} orderToken={token} orderNumber={order.number} /> : null}
      </div>
      <div className="confirmation__grid">
        <section className="panel" aria-labelledby="progress-title">
          <h2 id="progress-title">Progress</h2>
          <ol className="timeline">
            {order.timeline.map((t) => (
              <li key={`${t.type}-${t.at}`} className="timeline__item">
                <span className="timeline__label">{timelineLabel(t.type)}</span>
                <time className="timeline__time muted" dateTime={t.at}>
                  {dateTime.format(new Date(t.at))}
                </time>
              </li>
            ))}
            {upcomingMilestones(order).map((label) => (
              <li key={label} className="timeline__item timeline__item--upcoming">
                <span className="timeline__label">{label}</span>
                <span className="timeline__time muted">Not yet</span>
              </li>
            ))}
          </ol>
        </section>
        <section className="panel" aria-labelledby="delivery-title">
          <h2 id="delivery-title">Delivery</h2>
          <p>
            <strong>{order.shipping.name}</strong>
          </p>
          {order.shipping.estimate ? (
            <p>
              Estimated delivery <DeliveryDates estimate={order.shipping.estimate} />
            </p>
          ) : (
            <p className="muted">We'll email you when your order ships.</p>
          )}
          {order.payment.last4 ? (
            <p className="muted">
              Paid with {brandName(order.payment.brand)} ending {order.payment.last4}
            </p>
          ) : null}
        </section>
        <section className="panel order-status__items" aria-labelledby="items-title">
          <h2 id="items-title">Items</h2>
          <OrderLineItems lines={order.lines} amounts={amounts} />
          <OrderTotals
            source={source}
            amounts={amounts}
            promotions={order.promotions.map((p) => (
              <div key={p.label} className="totals__row totals__row--discount">
                <dt>
                  <span className="discount__label">{p.label}</span>
                </dt>
                <dd>
                  <Minus money={p.amount} />
                </dd>
              </div>
            ))}
            shippingName={order.shipping.name}
          />
        </section>
      </div>
      <p>
        <Link href="/" className="button">
          Continue shopping
        </Link>
      </p>
    </section>
  );
}
