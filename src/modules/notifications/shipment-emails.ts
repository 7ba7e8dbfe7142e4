import type { OrderView } from "../orders/index.ts";
import { emailPage, escapeHtml } from "./email-layout.ts";
import type { RenderedEmail } from "./order-confirmation-email.ts";
import { formatDate, type StoreProfile } from "./store-profile.ts";

/** What a shipment event tells the mailer: the parcel, its carrier and tracking. */
export interface ShipmentFacts {
  shipmentId: string;
  carrier: string;
  service: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  lines: { sku: string; quantity: number }[];
  deliveredAt?: string | undefined;
}

/** "Your order is on its way": what is in the parcel, the carrier, tracking number and link. */
export function renderShipmentShipped(
  order: OrderView,
  parcel: ShipmentFacts,
  store: StoreProfile,
): RenderedEmail {
  const subject = `${store.name}: order ${order.number} has shipped`;
  const carrier = parcel.service
    ? `${carrierName(parcel.carrier)} (${parcel.service})`
    : carrierName(parcel.carrier);
  const items = parcel.lines.map((l) => `${l.quantity} × ${titleOf(order, l.sku)} (${l.sku})`);
  const text = [
    `Good news: part or all of your order ${order.number} is on its way.`,
    "",
    ...items,
    "",
    `Carrier: ${carrier}`,
    ...(parcel.trackingNumber ? [`Tracking number: ${parcel.trackingNumber}`] : []),
    ...(parcel.trackingUrl ? [`Track your parcel: ${parcel.trackingUrl}`] : []),
    "",
    store.name,
    ...store.address,
  ].join("\n");
  const e = escapeHtml;
  const html = emailPage(
    store,
    subject,
    `<p>Good news: part or all of your order <strong>${e(order.number)}</strong> is on its way.</p>
<ul>${items.map((i) => `<li>${e(i)}</li>`).join("")}</ul>
<p>Carrier: ${e(carrier)}${parcel.trackingNumber ? `<br>Tracking number: <strong>${e(parcel.trackingNumber)}</strong>` : ""}</p>
${parcel.trackingUrl ? `<p><a href="${e(parcel.trackingUrl)}" style="display:inline-block;background:${e(store.color)};color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">Track your parcel</a></p>` : ""}`,
  );
  return { subject, text, html };
}

/** "Your parcel was delivered", with the day and the tracking number. */
export function renderShipmentDelivered(
  order: OrderView,
  parcel: ShipmentFacts,
  store: StoreProfile,
): RenderedEmail {
  const subject = `${store.name}: a parcel of order ${order.number} was delivered`;
  const day = parcel.deliveredAt ? ` on ${formatDate(new Date(parcel.deliveredAt), store.locale)}` : "";
  const reference = parcel.trackingNumber ? ` (tracking number ${parcel.trackingNumber})` : "";
  const text = [
    `Your parcel of order ${order.number}${reference} was delivered${day}.`,
    "",
    store.name,
    ...store.address,
  ].join("\n");
  const html = emailPage(
    store,
    subject,
    `<p>Your parcel of order <strong>${escapeHtml(order.number)}</strong>${escapeHtml(reference)} was delivered${escapeHtml(day)}.</p>`,
  );
  return { subject, text, html };
}

function titleOf(order: OrderView, sku: string): string {
  return order.lines.find((l) => l.sku === sku)?.title ?? sku;
}

function carrierName(carrier: string): string {
  return carrier === "test" ? "Cartwright Test Carrier" : carrier;
}
