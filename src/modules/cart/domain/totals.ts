import { add, type Money, money, multiply, subtract, sum, zero } from "../../../shared/money/index.ts";

export interface TotalsInput {
  currency: string;
  lines: readonly { unitPrice: number; quantity: number }[];
  shipping: number;
  discount: number;
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
 * in integer minor units. Pure, so carts, orders and receipts agree by construction.
 */
export function computeTotals(input: TotalsInput): Totals {
  const { currency } = input;
  const subtotal = sum(
    currency,
    input.lines.map((l) => multiply(money(l.unitPrice, currency), l.quantity)),
  );
  const discountTotal = money(input.discount, currency);
  const shippingTotal = money(input.shipping, currency);
  const taxTotal = money(input.tax, currency);
  if (discountTotal.amount < 0 || shippingTotal.amount < 0 || taxTotal.amount < 0) {
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
