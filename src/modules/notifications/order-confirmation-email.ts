import type { OrderView } from "../orders/index.ts";
import { escapeHtml } from "./email-layout.ts";
import { paymentLabel } from "./order-text.ts";
import { formatDate, formatMoney, type StoreProfile } from "./store-profile.ts";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Where the shopper follows their order. The token rides in the fragment, which browsers never
 * send to a server or put in a Referer: the status page reads it and sends it as `x-order-token`.
 */
export function orderStatusLink(store: StoreProfile, orderId: string, accessToken: string): string {
  return `${store.url.replace(/\/+$/, "")}/orders/${encodeURIComponent(orderId)}#token=${encodeURIComponent(accessToken)}`;
}

/**
 * The order confirmation in plain text and HTML, from the order snapshot (G4). Card details
 * appear as brand and last 4 only (G15). Pure: the caller stores the result and sends it later.
 */
export function renderOrderConfirmation(
  order: OrderView,
  accessToken: string | undefined,
  store: StoreProfile,
): RenderedEmail {
  const money = (amount: number) => formatMoney(amount, order.currency, store.locale);
  // Orders placed before access tokens existed get no link: there is no token to put in it.
  const link = accessToken ? orderStatusLink(store, order.id, accessToken) : null;
  const estimate = order.shipping.estimate
    ? `${formatDate(order.shipping.estimate.earliest, store.locale)} – ${formatDate(order.shipping.estimate.latest, store.locale)}`
    : null;
  const totals: [string, string][] = [
    ["Subtotal", money(order.subtotal)],
    ...(order.discountTotal > 0 ? [["Discounts", `-${money(order.discountTotal)}`] as [string, string]] : []),
    [`Shipping (${order.shipping.name})`, money(order.shippingTotal)],
    [order.tax?.pricesIncludeTax ? "Tax included" : "Tax", money(order.taxTotal)],
    ["Total", money(order.total)],
  ];
  const subject = `${store.name}: order ${order.number} confirmed`;

  const text = [
    `Thank you for your order ${order.number}.`,
    `Placed ${formatDate(order.placedAt, store.locale)}.`,
    "",
    ...order.lines.map((l) => `${l.quantity} × ${l.title} (${l.sku})  ${money(l.unitPrice)} each`),
    "",
    ...totals.map(([label, value]) => `${label}: ${value}`),
    `Paid with ${paymentLabel(order.payment)}`,
    "",
    ...(estimate ? [`Estimated delivery: ${estimate}`] : []),
    ...(link ? [`Follow your order: ${link}`] : []),
    "",
    "Your receipt is attached as a PDF.",
    "",
    store.name,
    ...store.address,
  ].join("\n");

  const e = escapeHtml;
  const cell = 'style="padding:4px 8px;border-bottom:1px solid #eee"';
  const right = 'style="padding:4px 8px;border-bottom:1px solid #eee;text-align:right"';
  const html = `<!doctype html>
<html lang="${e(store.locale)}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="margin:0;font-family:Helvetica,Arial,sans-serif;color:#222">
<div style="background:${e(store.color)};color:#fff;padding:16px 24px;font-size:20px;font-weight:bold">${e(store.name)}</div>
<div style="padding:24px">
<p>Thank you for your order <strong>${e(order.number)}</strong>, placed ${e(formatDate(order.placedAt, store.locale))}.</p>
<table style="border-collapse:collapse;width:100%">
<tr><th ${cell}>Item</th><th ${right}>Qty</th><th ${right}>Price</th></tr>
${order.lines.map((l) => `<tr><td ${cell}>${e(l.title)} <small>${e(l.sku)}</small></td><td ${right}>${l.quantity}</td><td ${right}>${e(money(l.unitPrice))}</td></tr>`).join("\n")}
${totals.map(([label, value]) => `<tr><td ${cell} colspan="2">${e(label)}</td><td ${right}>${e(value)}</td></tr>`).join("\n")}
</table>
<p>Paid with ${e(paymentLabel(order.payment))}</p>
${estimate ? `<p>Estimated delivery: <strong>${e(estimate)}</strong></p>` : ""}
${link ? `<p><a href="${e(link)}" style="display:inline-block;background:${e(store.color)};color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">Follow your order</a></p>` : ""}
<p style="color:#666;font-size:12px">Your receipt is attached as a PDF.<br>${[store.name, ...store.address].map(e).join("<br>")}</p>
</div></body></html>`;
  return { subject, text, html };
}
