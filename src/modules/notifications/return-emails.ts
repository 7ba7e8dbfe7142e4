import type { CreditNote } from "./credit-note-pdf.ts";
import { emailPage, escapeHtml } from "./email-layout.ts";
import type { RenderedEmail } from "./order-confirmation-email.ts";
import { formatDate, formatMoney, type StoreProfile } from "./store-profile.ts";

/** What `return.approved` tells the mailer. */
export interface ReturnLabelFacts {
  returnNumber: string;
  orderNumber: string;
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  lines: { sku: string; title: string; quantity: number }[];
}

/** What `return.refunded` tells the mailer. */
export interface RefundFacts {
  returnNumber: string;
  orderNumber: string;
  amount: number;
  currency: string;
  method: "original_payment" | "store_credit" | "gift_card";
  creditNote: CreditNote;
  /** The store credit or gift card code: shown once, in this email, never stored. */
  giftCardCode: string | null;
}

/** What `return.rejected` tells the mailer. */
export interface ReturnRejectedFacts {
  returnNumber: string;
  orderNumber: string;
  reason: string;
  lines: { sku: string; title: string; quantity: number }[];
}

/** "We cannot accept your return": the merchant's reason, and that nothing should be sent. */
export function renderReturnRejectedEmail(facts: ReturnRejectedFacts, store: StoreProfile): RenderedEmail {
  const subject = `${store.name}: return ${facts.returnNumber} for order ${facts.orderNumber} not accepted`;
  const items = facts.lines.map((l) => `${l.quantity} × ${l.title} (${l.sku})`);
  const text = [
    `We cannot accept your return ${facts.returnNumber} for order ${facts.orderNumber}.`,
    "",
    ...(items.length > 0 ? ["You asked to send back:", ...items, ""] : []),
    `Reason: ${facts.reason}`,
    "",
    "Please do not send these items back. Reply to this email if you have questions.",
    "",
    store.name,
    ...store.address,
  ].join("\n");
  const e = escapeHtml;
  const html = emailPage(
    store,
    subject,
    `<p>We cannot accept your return <strong>${e(facts.returnNumber)}</strong> for order <strong>${e(facts.orderNumber)}</strong>.</p>
${items.length > 0 ? `<p>You asked to send back:</p>\n<ul>${items.map((i) => `<li>${e(i)}</li>`).join("")}</ul>` : ""}
<p>Reason: ${e(facts.reason)}</p>
<p>Please do not send these items back. Reply to this email if you have questions.</p>`,
  );
  return { subject, text, html };
}

/** "Your return is approved": what to send back, the label (attached) and its tracking number. */
export function renderReturnLabelEmail(facts: ReturnLabelFacts, store: StoreProfile): RenderedEmail {
  const subject = `${store.name}: return ${facts.returnNumber} for order ${facts.orderNumber} approved`;
  const items = facts.lines.map((l) => `${l.quantity} × ${l.title} (${l.sku})`);
  const text = [
    `Your return ${facts.returnNumber} for order ${facts.orderNumber} is approved.`,
    "",
    "Please send back:",
    ...items,
    "",
    "Print the attached return label, stick it on the parcel and hand it to the carrier.",
    ...(facts.trackingNumber ? [`Tracking number: ${facts.trackingNumber}`] : []),
    ...(facts.trackingUrl ? [`Track the parcel: ${facts.trackingUrl}`] : []),
    "",
    "We refund you once the items have arrived.",
    "",
    store.name,
    ...store.address,
  ].join("\n");
  const e = escapeHtml;
  const html = emailPage(
    store,
    subject,
    `<p>Your return <strong>${e(facts.returnNumber)}</strong> for order <strong>${e(facts.orderNumber)}</strong> is approved.</p>
<p>Please send back:</p>
<ul>${items.map((i) => `<li>${e(i)}</li>`).join("")}</ul>
<p>Print the attached return label, stick it on the parcel and hand it to the carrier.${facts.trackingNumber ? `<br>Tracking number: <strong>${e(facts.trackingNumber)}</strong>` : ""}</p>
${facts.trackingUrl ? `<p><a href="${e(facts.trackingUrl)}" style="display:inline-block;background:${e(store.color)};color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">Track the parcel</a></p>` : ""}
<p>We refund you once the items have arrived.</p>`,
  );
  return { subject, text, html };
}

/** "Your refund is issued": amount, where it went, the credit note (attached). */
export function renderRefundIssuedEmail(facts: RefundFacts, store: StoreProfile): RenderedEmail {
  const money = (amount: number) => formatMoney(amount, facts.currency, store.locale);
  const note = facts.creditNote;
  const subject = `${store.name}: refund of ${money(facts.amount)} for order ${facts.orderNumber}`;
  const where =
    facts.method === "original_payment"
      ? `to ${note.refundedTo}. Depending on your bank it shows on your statement within a few days.`
      : `as ${facts.method === "store_credit" ? "store credit" : "a gift card"}.`;
  const issued = note.issuedAt ? formatDate(note.issuedAt, store.locale) : "";
  const rows: [string, string][] = [
    ...note.lines.map((l): [string, string] => [
      `${l.quantity} × ${l.title} (${l.sku})`,
      money(l.net + l.tax),
    ]),
    ...(note.shipping
      ? [
          [`Shipping: ${note.shipping.name}`, money(note.shipping.net + note.shipping.tax)] as [
            string,
            string,
          ],
        ]
      : []),
    [note.pricesIncludeTax ? "Tax included" : "Tax", money(note.tax)],
    ["Total refunded", money(facts.amount)],
  ];
  const text = [
    `We refunded ${money(facts.amount)} for your return ${facts.returnNumber} of order ${facts.orderNumber} ${where}`,
    ...(facts.giftCardCode
      ? ["", `Your code: ${facts.giftCardCode}`, "Keep it safe: it is shown only in this email."]
      : []),
    "",
    ...rows.map(([label, value]) => `${label}: ${value}`),
    "",
    `Credit note ${note.number ?? ""}, issued ${issued}, is attached as a PDF.`,
    "",
    store.name,
    ...store.address,
  ].join("\n");
  const e = escapeHtml;
  const cell = 'style="padding:4px 8px;border-bottom:1px solid #eee"';
  const right = 'style="padding:4px 8px;border-bottom:1px solid #eee;text-align:right"';
  const html = emailPage(
    store,
    subject,
    `<p>We refunded <strong>${e(money(facts.amount))}</strong> for your return ${e(facts.returnNumber)} of order <strong>${e(facts.orderNumber)}</strong> ${e(where)}</p>
${facts.giftCardCode ? `<p>Your code: <strong style="font-family:monospace;font-size:18px">${e(facts.giftCardCode)}</strong><br>Keep it safe: it is shown only in this email.</p>` : ""}
<table style="border-collapse:collapse;width:100%">
${rows.map(([label, value]) => `<tr><td ${cell}>${e(label)}</td><td ${right}>${e(value)}</td></tr>`).join("\n")}
</table>
<p>Credit note ${e(note.number ?? "")}, issued ${e(issued)}, is attached as a PDF.</p>`,
  );
  return { subject, text, html };
}
