import { describe, expect, it } from "vitest";
import { cartExample } from "./cart.example.ts";
import { cartSchema } from "./cart.schemas.ts";

describe("the documented cart example", () => {
  it("is a cart the schema accepts as it is, field for field", () => {
    expect(cartSchema.parse(cartExample)).toEqual(cartExample);
  });

  it("adds up like a real cart: total = subtotal − discounts + shipping + tax, lines and tax split exactly", () => {
    const { totals, lines, tax, promotions } = cartExample;
    const sum = (xs: readonly { amount: number }[]) => xs.reduce((a, x) => a + x.amount, 0);
    expect(totals.total.amount).toBe(
      totals.subtotal.amount -
        totals.discountTotal.amount +
        totals.shippingTotal.amount +
        totals.taxTotal.amount,
    );
    expect(sum(lines.map((l) => l.subtotal))).toBe(totals.subtotal.amount);
    expect(sum(lines.map((l) => l.discount))).toBe(totals.discountTotal.amount);
    expect(sum(lines.map((l) => l.tax)) + tax.shipping.amount).toBe(totals.taxTotal.amount);
    expect(sum(tax.breakdown.map((b) => b.amount))).toBe(totals.taxTotal.amount);
    expect(sum(promotions.applied.flatMap((a) => a.lines.map((l) => l.amount)))).toBe(
      totals.discountTotal.amount,
    );
    for (const l of lines) expect(l.total.amount).toBe(l.subtotal.amount - l.discount.amount + l.tax.amount);
  });
});
