import type { Db } from "../../shared/db/database.ts";
import { emailPage, escapeHtml } from "./email-layout.ts";
import { enqueueEmail } from "./emails.repository.ts";
import type { RenderedEmail } from "./order-confirmation-email.ts";
import { formatDate, formatMoney, type StoreProfile } from "./store-profile.ts";

/** What a cart reminder shows: the cart as priced when the reminder is written. */
export interface CartReminder {
  cartId: string;
  /** 1 for the first reminder, 2 for the second…: one email per cart and number. */
  number: number;
  recipient: string;
  currency: string;
  lines: { title: string; sku: string; quantity: number; total: number }[];
  total: number;
  /** Opens the cart again (signed, expiring); `restoreUntil` is when it stops working. */
  restoreLink: string;
  restoreUntil: Date;
  unsubscribeLink: string;
  /** A single-use code, when this reminder carries one. */
  discount?: { code: string; percent: number; until: Date } | undefined;
}

/** What a review invitation shows: the delivered order and where to review it. */
export interface ReviewRequest {
  orderId: string;
  orderNumber: string;
  recipient: string;
  lines: { title: string; quantity: number }[];
  deliveredAt: Date;
  reviewLink: string;
}

/**
 * Queues reminder number `number` for a cart in the caller's transaction; a second call for the
 * same cart and number queues nothing (the emails table's unique index on kind and document).
 * Returns the email id, or undefined when it was already queued.
 */
export async function queueCartReminderEmail(
  tx: Db,
  reminder: CartReminder,
  store: StoreProfile,
  at: Date,
): Promise<string | undefined> {
  return enqueueEmail(
    tx,
    {
      kind: "cart_reminder",
      orderId: null,
      shipmentId: `${reminder.cartId}#${reminder.number}`,
      recipient: reminder.recipient,
      ...renderCartReminder(reminder, store),
    },
    at,
  );
}

/** Queues the review invitation of an order once (unique per kind and order). */
export async function queueReviewRequestEmail(
  tx: Db,
  request: ReviewRequest,
  store: StoreProfile,
  at: Date,
): Promise<string | undefined> {
  return enqueueEmail(
    tx,
    {
      kind: "review_request",
      orderId: request.orderId,
      recipient: request.recipient,
      ...renderReviewRequest(request, store),
    },
    at,
  );
}

/** "You left something in your cart": the lines, the total, a restore button. Pure. */
export function renderCartReminder(r: CartReminder, store: StoreProfile): RenderedEmail {
  const money = (amount: number) => formatMoney(amount, r.currency, store.locale);
  const subject =
    r.number === 1
      ? `${store.name}: you left something in your cart`
      : `${store.name}: your cart is still waiting for you`;
  const items = r.lines.map((l) => `${l.quantity} × ${l.title} (${l.sku}): ${money(l.total)}`);
  const until = formatDate(r.restoreUntil, store.locale);
  const offer = r.discount
    ? `Use the code ${r.discount.code} for ${r.discount.percent} % off this order, once, until ${formatDate(r.discount.until, store.locale)}.`
    : null;
  const text = [
    "You left these items in your cart:",
    "",
    ...items,
    "",
    `Total: ${money(r.total)}`,
    "",
    ...(offer ? [offer, ""] : []),
    `Pick up where you left off (this link works until ${until}): ${r.restoreLink}`,
    "",
    `No more reminders like this: ${r.unsubscribeLink}`,
    "",
    store.name,
    ...store.address,
  ].join("\n");
  const e = escapeHtml;
  const html = emailPage(
    store,
    subject,
    `<p>You left these items in your cart:</p>
<table style="border-collapse:collapse">${r.lines
      .map(
        (l) =>
          `<tr><td style="padding:4px 12px 4px 0">${l.quantity} × ${e(l.title)} <span style="color:#666">(${e(l.sku)})</span></td><td style="padding:4px 0;text-align:right">${e(money(l.total))}</td></tr>`,
      )
      .join("")}
<tr><td style="padding:8px 12px 4px 0;font-weight:bold">Total</td><td style="padding:8px 0 4px;text-align:right;font-weight:bold">${e(money(r.total))}</td></tr></table>
${offer ? `<p style="background:#f4f4f4;padding:12px">${e(offer)}</p>` : ""}
<p><a href="${e(r.restoreLink)}" style="display:inline-block;background:${e(store.color)};color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">Return to your cart</a></p>
<p style="color:#666;font-size:12px">The link works until ${e(until)}. <a href="${e(r.unsubscribeLink)}">No more cart reminders</a></p>`,
  );
  return { subject, text, html };
}

/** "How was your order?": what was delivered and a link to review it. Pure. */
export function renderReviewRequest(r: ReviewRequest, store: StoreProfile): RenderedEmail {
  const subject = `${store.name}: how was your order ${r.orderNumber}?`;
  const day = formatDate(r.deliveredAt, store.locale);
  const items = r.lines.map((l) => `${l.quantity} × ${l.title}`);
  const text = [
    `Your order ${r.orderNumber} was delivered on ${day}. We would love to hear what you think of it:`,
    "",
    ...items,
    "",
    `Write a review: ${r.reviewLink}`,
    "",
    store.name,
    ...store.address,
  ].join("\n");
  const e = escapeHtml;
  const html = emailPage(
    store,
    subject,
    `<p>Your order <strong>${e(r.orderNumber)}</strong> was delivered on ${e(day)}. We would love to hear what you think of it:</p>
<ul>${items.map((i) => `<li>${e(i)}</li>`).join("")}</ul>
<p><a href="${e(r.reviewLink)}" style="display:inline-block;background:${e(store.color)};color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">Write a review</a></p>`,
  );
  return { subject, text, html };
}
