import type { OrderView } from "../orders/index.ts";
import { formatCreditorReference, printableIban } from "../payments/index.ts";
import { orderStatusLink, type RenderedEmail } from "./order-confirmation-email.ts";
import { formatDate, formatMoney, type StoreProfile } from "./store-profile.ts";

/**
 * "How to pay": for an order placed by bank transfer or purchase order, the amount, the account,
 * the creditor reference to quote and the due date, from the order snapshot (G4). Pure.
 */
export function renderPaymentInstructions(
  order: OrderView,
  accessToken: string | undefined,
  store: StoreProfile,
): RenderedEmail | undefined {
  const i = order.payment.instructions;
  if (!i) return undefined;
  const invoice = order.payment.provider === "purchase_order";
  const amount = formatMoney(i.amount, i.currency, store.locale);
  const due = formatDate(i.dueOn, store.locale);
  const reference = formatCreditorReference(i.reference);
  const link = accessToken ? orderStatusLink(store, order.id, accessToken) : null;
  const rows: [string, string][] = [
    ["Amount", amount],
    ...(i.payTo
      ? ([
          ["Account holder", i.payTo.accountName],
          ["IBAN", printableIban(i.payTo.iban)],
          ["BIC", i.payTo.bic],
        ] as [string, string][])
      : []),
    ["Reference", reference],
    [invoice ? "Invoice due" : "Pay by", due],
    ...(i.purchaseOrderNumber
      ? ([["Your purchase order", i.purchaseOrderNumber]] as [string, string][])
      : []),
  ];
  const subject = invoice
    ? `${store.name}: invoice for order ${order.number}, due ${due}`
    : `${store.name}: please pay order ${order.number} by bank transfer`;
  const intro = invoice
    ? `Your order ${order.number} is placed on account (net ${i.netDays ?? 0} days). Please pay the invoice by ${due}.`
    : `Your order ${order.number} is reserved for you. Please transfer ${amount} by ${due}; we ship once it arrives.`;
  const outro = invoice
    ? "Quote the reference so we can match your payment."
    : `Quote the reference exactly so we can match your payment. Unpaid orders are cancelled after ${due}.`;
  const text = [
    intro,
    "",
    ...rows.map(([label, value]) => `${label}: ${value}`),
    "",
    outro,
    ...(link ? ["", `Follow your order: ${link}`] : []),
    "",
    store.name,
    ...store.address,
  ].join("\n");
  const e = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const cell = 'style="padding:4px 8px;border-bottom:1px solid #eee"';
  const html = `<!doctype html>
<html lang="${e(store.locale)}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="margin:0;font-family:Helvetica,Arial,sans-serif;color:#222">
<div style="background:${e(store.color)};color:#fff;padding:16px 24px;font-size:20px;font-weight:bold">${e(store.name)}</div>
<div style="padding:24px">
<p>${e(intro)}</p>
<table style="border-collapse:collapse">
${rows.map(([label, value]) => `<tr><th ${cell} align="left">${e(label)}</th><td ${cell}><strong>${e(value)}</strong></td></tr>`).join("\n")}
</table>
<p>${e(outro)}</p>
${link ? `<p><a href="${e(link)}">Follow your order</a></p>` : ""}
<p style="color:#666;font-size:12px">${[store.name, ...store.address].map(e).join("<br>")}</p>
</div></body></html>`;
  return { subject, text, html };
}
