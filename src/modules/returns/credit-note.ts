import { type CreditNote, formatAddress } from "../notifications/index.ts";
import type { OrderView } from "../orders/index.ts";
import type { OrderFacts, RefundBreakdown } from "./domain/refund-amounts.ts";

/** The order snapshot as the refund math reads it. */
export function orderFacts(order: OrderView): OrderFacts {
  return {
    currency: order.currency,
    lines: order.lines.map((l) => ({
      id: l.id,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      subtotal: l.subtotal,
      discount: l.discount,
      tax: l.tax,
      taxLines: l.taxLines,
    })),
    shippingName: order.shipping.name,
    shippingNet: order.shippingTotal,
    taxTotal: order.taxTotal,
    breakdown: order.tax?.breakdown ?? [],
  };
}

/** The credit note of a refund, without its number and date (assigned when the refund succeeds). */
export function draftCreditNote(
  order: OrderView,
  r: { returnNumber: string; invoiceNumber: string; refundedTo: string },
  refund: RefundBreakdown,
): CreditNote {
  return {
    number: null,
    issuedAt: null,
    invoiceNumber: r.invoiceNumber,
    orderNumber: order.number,
    returnNumber: r.returnNumber,
    currency: order.currency,
    pricesIncludeTax: order.tax?.pricesIncludeTax ?? false,
    refundedTo: r.refundedTo,
    billTo: [order.email, ...formatAddress(order.billingAddress ?? order.shippingAddress)],
    lines: refund.lines.map((l) => ({
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      net: l.net,
      tax: l.taxes.reduce((a, t) => a + t.amount, 0),
    })),
    shipping: refund.shipping
      ? {
          name: refund.shipping.name,
          net: refund.shipping.net,
          tax: refund.shipping.taxes.reduce((a, t) => a + t.amount, 0),
        }
      : null,
    taxes: refund.taxes.map((t) => ({
      name: t.name,
      ratePpm: t.ratePpm,
      taxable: t.taxable,
      amount: t.amount,
    })),
    net: refund.net,
    tax: refund.tax,
    total: refund.total,
  };
}
