/**
 * How a delivery method is priced in one zone and currency. Every amount, threshold and tier
 * bound is an integer in the currency's minor units (cents, yen, fils: the rate is stored as
 * the shopper pays it, never scaled by 100), weights in grams.
 *
 * - flat: always `amount`.
 * - weight_tiers: the first tier whose `maxGrams` is ≥ the cart weight (upper bounds inclusive,
 *   ascending; the last may be null: no upper bound). Heavier than every bound: not offered.
 * - value_tiers: the last tier whose `minSubtotal` is ≤ the discounted subtotal (lower bounds
 *   inclusive, ascending, the first is 0).
 * - free_over: 0 when the discounted subtotal is ≥ `threshold` (inclusive), else `amount`.
 */
export type RateTable =
  | { type: "flat"; amount: number }
  | { type: "weight_tiers"; tiers: { maxGrams: number | null; amount: number }[] }
  | { type: "value_tiers"; tiers: { minSubtotal: number; amount: number }[] }
  | { type: "free_over"; amount: number; threshold: number };

/** What a rate depends on. `weightGrams` is null when a line's weight is not recorded. */
export interface RatedCart {
  weightGrams: number | null;
  /** Lines after their discounts, before shipping and tax, in minor units. */
  subtotal: number;
}

export type RateOutcome =
  | { ok: true; amount: number }
  | { ok: false; reason: "weight_unknown" | "too_heavy" };

/** The shipping price of `cart` under `table`. Pure. */
export function rateFor(table: RateTable, cart: RatedCart): RateOutcome {
  switch (table.type) {
    case "flat":
      return { ok: true, amount: table.amount };
    case "free_over":
      return { ok: true, amount: cart.subtotal >= table.threshold ? 0 : table.amount };
    case "value_tiers": {
      let amount = table.tiers[0]?.amount ?? 0;
      for (const tier of table.tiers) if (tier.minSubtotal <= cart.subtotal) amount = tier.amount;
      return { ok: true, amount };
    }
    case "weight_tiers": {
      // Never guess a weight: a missing one could put a heavy parcel in the cheapest tier.
      if (cart.weightGrams === null) return { ok: false, reason: "weight_unknown" };
      const weight = cart.weightGrams;
      const tier = table.tiers.find((t) => t.maxGrams === null || weight <= t.maxGrams);
      return tier ? { ok: true, amount: tier.amount } : { ok: false, reason: "too_heavy" };
    }
  }
}

/** Why a table is malformed (tiers out of order, negative amounts), or undefined. Pure. */
export function checkRateTable(table: RateTable): string | undefined {
  const amounts =
    table.type === "flat" || table.type === "free_over" ? [table.amount] : table.tiers.map((t) => t.amount);
  if (amounts.some((a) => !Number.isSafeInteger(a) || a < 0))
    return "amounts must be non-negative integers in minor units";
  if (table.type === "free_over" && (!Number.isSafeInteger(table.threshold) || table.threshold < 0))
    return "threshold must be a non-negative integer in minor units";
  if (table.type === "weight_tiers") {
    if (table.tiers.length === 0) return "at least one tier is needed";
    const bounds = table.tiers.map((t) => t.maxGrams);
    if (bounds.slice(0, -1).some((b) => b === null)) return "only the last tier may have no maxGrams";
    const numbers = bounds.filter((b): b is number => b !== null);
    if (!isStrictlyIncreasing(numbers)) return "maxGrams must increase from tier to tier";
  }
  if (table.type === "value_tiers") {
    if (table.tiers.length === 0) return "at least one tier is needed";
    if (table.tiers[0]!.minSubtotal !== 0) return "the first tier must start at minSubtotal 0";
    if (!isStrictlyIncreasing(table.tiers.map((t) => t.minSubtotal)))
      return "minSubtotal must increase from tier to tier";
  }
  return undefined;
}

/** The subtotal from which this table ships for free, if it ever does. */
export function freeShippingThreshold(table: RateTable): number | null {
  if (table.type === "free_over") return table.threshold;
  if (table.type === "value_tiers") return table.tiers.find((t) => t.amount === 0)?.minSubtotal ?? null;
  return null;
}

const isStrictlyIncreasing = (xs: readonly number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);
