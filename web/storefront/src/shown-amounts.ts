import type { Cart, Money, Order, OrderStatus, Totals } from "./api/types.ts";

/** One tax of one jurisdiction at one rate, as cart, order and order status report it. */
export interface TaxLine {
  jurisdiction: string;
  name: string;
  ratePpm: number;
  amount: Money;
}

/** What cart, placed order and order status have in common for showing their amounts. */
export interface AmountsSource {
  currency: string;
  /** Shelf prices include tax (EU, UK, JP, AU…); totals are net + tax either way (decision 006). */
  pricesIncludeTax: boolean;
  lines: readonly {
    unitPrice: Money;
    quantity: number;
    /** Net of tax, before discount. */
    subtotal: Money;
    /** Net of tax. */
    discount: Money;
    /** subtotal − discount + tax. */
    total: Money;
  }[];
  totals: Totals;
  /** Tax on shipping, part of taxTotal. */
  shippingTax: Money;
  taxBreakdown: readonly TaxLine[];
  /** No address yet: taxed for the seller's country. */
  provisional: boolean;
}

/** The amounts to show, in the source's line order. */
export interface ShownAmounts {
  inclusive: boolean;
  lines: { amount: Money; saving: Money }[];
  subtotal: Money;
  discountTotal: Money;
  shipping: Money;
  total: Money;
}

/**
 * Where shelf prices include tax, a shopper saw €119 on the shelf and must see €119 in the cart,
 * on the confirmation and on the status page, with the tax said to be included, not a net €100.
 * Only sums and differences of amounts the API gave (line totals, shipping tax): no tax is
 * computed here. Subtotal − discount total + shipping = total, as it is net + tax otherwise.
 */
export function shownAmounts(source: AmountsSource): ShownAmounts {
  const money = (amount: number) => ({ amount, currency: source.currency });
  const { totals } = source;
  // A reverse-charged sale (or one taxed at 0 %) in an inclusive market charges no tax: every
  // amount is net, and shelf prices would show tax that was not charged.
  if (!source.pricesIncludeTax || totals.taxTotal.amount === 0)
    return {
      inclusive: false,
      lines: source.lines.map((l) => ({ amount: l.subtotal, saving: l.discount })),
      subtotal: totals.subtotal,
      discountTotal: totals.discountTotal,
      shipping: totals.shippingTotal,
      total: totals.total,
    };
  const lines = source.lines.map((l) => {
    const shelf = l.unitPrice.amount * l.quantity;
    return { amount: money(shelf), saving: money(shelf - l.total.amount) };
  });
  return {
    inclusive: true,
    lines,
    subtotal: money(lines.reduce((n, l) => n + l.amount.amount, 0)),
    discountTotal: money(lines.reduce((n, l) => n + l.saving.amount, 0)),
    shipping: money(totals.shippingTotal.amount + source.shippingTax.amount),
    total: totals.total,
  };
}

export const cartAmounts = (cart: Cart): AmountsSource => ({
  currency: cart.currency,
  pricesIncludeTax: cart.pricesIncludeTax,
  lines: cart.lines,
  totals: cart.totals,
  shippingTax: cart.tax.shipping,
  taxBreakdown: cart.tax.breakdown,
  provisional: cart.tax.provisional,
});

/** A placed order (the completion response): its lines carry their tax, so total is their sum. */
export const placedOrderAmounts = (order: Order): AmountsSource => ({
  currency: order.currency,
  pricesIncludeTax: order.tax?.pricesIncludeTax ?? false,
  lines: order.lines.map((l) => ({
    ...l,
    total: { amount: l.subtotal.amount - l.discount.amount + l.tax.amount, currency: order.currency },
  })),
  totals: order.totals,
  shippingTax: order.shipping.tax,
  taxBreakdown: order.tax?.breakdown ?? [],
  provisional: false,
});

export const orderStatusAmounts = (order: OrderStatus): AmountsSource => ({
  currency: order.totals.total.currency,
  pricesIncludeTax: order.pricesIncludeTax,
  lines: order.lines,
  totals: order.totals,
  shippingTax: order.shipping.tax,
  taxBreakdown: order.tax.breakdown,
  provisional: false,
});
