import type { TaxComponentAmount, TaxResult } from "../../tax/index.ts";
import { computeTotals, type Totals } from "./totals.ts";

/** A cart line's money once discounted and taxed; every amount net of tax except `total`. */
export interface LineAmounts {
  id: string;
  /** Net of tax, before the discount. */
  subtotal: number;
  /** The line's share of the discounts, net of tax. */
  discount: number;
  tax: number;
  /** What the line costs: subtotal − discount + tax. */
  total: number;
  taxLines: TaxComponentAmount[];
}

export interface CartAmounts {
  lines: LineAmounts[];
  totals: Totals;
  /** What the gift card pays: min(its balance, total); 0 without one. */
  giftCardApplied: number;
  /** total − giftCardApplied: what the payment provider will be asked for. */
  amountDue: number;
}

/**
 * Turns a tax result for a cart (lines after their discounts, shipping after its discount) into
 * the cart's lines and totals, and what a gift card of `giftCardBalance` pays of them. Pure: the
 * one composition cart reads, checkout and the property tests share, so they cannot disagree.
 * Throws when the tax result misses a line (a broken provider), never guesses.
 */
export function cartAmounts(
  currency: string,
  lineIds: readonly string[],
  tax: TaxResult,
  giftCardBalance: number | null = null,
): CartAmounts {
  const taxedById = new Map(tax.lines.map((t) => [t.id, t]));
  const lines = lineIds.map((id): LineAmounts => {
    const taxed = taxedById.get(id);
    if (!taxed) throw new Error(`Tax provider ${tax.provider} returned no result for line ${id}`);
    return {
      id,
      subtotal: taxed.net,
      discount: taxed.discountNet,
      tax: taxed.tax,
      total: taxed.taxable + taxed.tax,
      taxLines: taxed.components,
    };
  });
  const totals = computeTotals({
    currency,
    lines,
    shipping: tax.shipping.net,
    discount: lines.reduce((a, l) => a + l.discount, 0),
    tax: tax.taxTotal,
  });
  const giftCardApplied =
    giftCardBalance === null ? 0 : Math.min(Math.max(0, giftCardBalance), totals.total.amount);
  return { lines, totals, giftCardApplied, amountDue: totals.total.amount - giftCardApplied };
}
