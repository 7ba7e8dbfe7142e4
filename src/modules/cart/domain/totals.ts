import { add, type Money, money, subtract, sum, zero } from "../../../shared/money/index.ts";

export interface TotalsInput {
  currency: string;
  /** Line subtotals net of tax (in tax-inclusive markets, the shelf price less its tax). */
  lines: readonly { subtotal: number }[];
  /** Net of tax, like the lines. */
  shipping: number;
  /** Net of tax, like the lines. */
  discount: number;
  /** Every tax charged, always added: see docs/decisions/006-tax-inclusive-totals.md. */
  tax: number;
}

export interface Totals {
  subtotal: Money;
  discountTotal: Money;
  shippingTotal: Money;
  taxTotal: Money;
  total: Money;
}

/**
 * The one place a total is computed (G2): total = Σ line subtotals − discounts + shipping + tax,
 * in integer minor units, every component net of tax so the identity holds in tax-inclusive and
 * tax-exclusive markets alike. Pure, so carts, orders and receipts agree by construction.
 */
export function computeTotals(input: TotalsInput): Totals {
  const { currency } = input;
  const subtotal = sum(
    currency,
    input.lines.map((l) => money(l.subtotal, currency)),
  );
  const discountTotal = money(input.discount, currency);
  const shippingTotal = money(input.shipping, currency);
  const taxTotal = money(input.tax, currency);
  if (
    input.lines.some((l) => l.subtotal < 0) ||
    discountTotal.amount < 0 ||
    shippingTotal.amount < 0 ||
    taxTotal.amount < 0
  ) {
    throw new RangeError("Totals components must not be negative");
  }
  if (discountTotal.amount > subtotal.amount) throw new RangeError("Discount exceeds the subtotal");
  const total = add(add(subtract(subtotal, discountTotal), shippingTotal), taxTotal);
  return {
    subtotal,
    discountTotal,
    shippingTotal,
    taxTotal,
    total: total.amount === 0 ? zero(currency) : total,
  };
}
