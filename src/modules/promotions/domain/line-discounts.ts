import { allocate, applyRate, money, multiply, type RoundingMode } from "../../../shared/money/index.ts";
import type { CartSnapshot } from "./cart-snapshot.ts";
import type { LineTarget, PromotionEffect } from "./promotion-rules.ts";

/**
 * Percentages round half up: a shopper told "10 % off" expects 199.9 to become 200, and the
 * result is still capped by what is left of each line, so it can never overshoot.
 */
export const DISCOUNT_ROUNDING: RoundingMode = "half_up";

/** One promotion's effect: minor units off each line (by index) and off shipping. */
export interface DiscountShares {
  lines: number[];
  shipping: number;
}

/**
 * Computes what `effect` takes off a cart whose lines still cost `remaining` (after promotions
 * applied before it) and whose shipping still costs `shippingLeft`. Every share is between 0
 * and what is left of its line, so stacking can never push a line below zero.
 */
export function shareOf(
  effect: PromotionEffect,
  cart: CartSnapshot,
  remaining: readonly number[],
  shippingLeft: number,
): DiscountShares {
  const none = remaining.map(() => 0);
  const { currency } = cart;
  switch (effect.kind) {
    case "order_percentage":
      return { lines: percentOf(currency, remaining, effect.ratePpm), shipping: 0 };
    case "order_fixed":
      return { lines: spread(currency, effect.amounts[currency] ?? 0, remaining), shipping: 0 };
    case "items_percentage":
      return {
        lines: percentOf(currency, masked(cart, effect.target, remaining), effect.ratePpm),
        shipping: 0,
      };
    case "items_fixed": {
      const perUnit = effect.amountsPerUnit[currency] ?? 0;
      const lines = cart.lines.map((line, i) =>
        matches(line, effect.target)
          ? Math.min(multiply(money(perUnit, currency), line.quantity).amount, remaining[i] ?? 0)
          : 0,
      );
      return { lines, shipping: 0 };
    }
    case "buy_x_get_y":
      return { lines: buyXGetY(effect, cart, remaining), shipping: 0 };
    case "free_shipping":
      return { lines: none, shipping: shippingLeft };
    case "tiered": {
      const tier = reachedTier(effect, cart);
      return { lines: spread(currency, tier?.amount ?? 0, remaining), shipping: 0 };
    }
  }
}

/** The highest tier whose threshold the subtotal reaches, if any. */
export function reachedTier(effect: Extract<PromotionEffect, { kind: "tiered" }>, cart: CartSnapshot) {
  const tiers = effect.tiers[cart.currency] ?? [];
  return tiers
    .filter((t) => cart.subtotal >= t.threshold)
    .reduce<(typeof tiers)[number] | undefined>(
      (best, t) => (!best || t.threshold > best.threshold ? t : best),
      undefined,
    );
}

export function matches(line: CartSnapshot["lines"][number], target: LineTarget): boolean {
  return (
    (target.skus?.includes(line.sku) ?? false) ||
    (target.productIds?.includes(line.productId) ?? false) ||
    (target.categoryIds?.some((c) => line.categoryIds?.includes(c)) ?? false)
  );
}

function masked(cart: CartSnapshot, target: LineTarget, remaining: readonly number[]): number[] {
  return cart.lines.map((line, i) => (matches(line, target) ? (remaining[i] ?? 0) : 0));
}

/** A rate of the whole base, split back over the lines so the parts add up to the rounded whole. */
function percentOf(currency: string, base: readonly number[], ratePpm: number): number[] {
  const total = base.reduce((a, b) => a + b, 0);
  return spread(currency, applyRate(money(total, currency), ratePpm, DISCOUNT_ROUNDING).amount, base);
}

/**
 * Splits `amount` over lines in proportion to what is left of each, capped at their sum. Because
 * the amount never exceeds the sum of the weights, largest remainder never gives a line more
 * than its weight (a part only rounds up when its exact share is below an integer weight).
 */
export function spread(currency: string, amount: number, weights: readonly number[]): number[] {
  const available = weights.reduce((a, b) => a + b, 0);
  const capped = Math.min(amount, available);
  // allocate splits evenly over all-zero weights; nothing is left to discount here, so give 0.
  if (capped <= 0) return weights.map(() => 0);
  return allocate(money(capped, currency), weights).map((m) => m.amount);
}

/**
 * Every (buy + get) matching units, the `get` cheapest of them are discounted. Counting over all
 * matching units (not per line) lets "buy 2 get 1" work across different SKUs; the cheapest
 * units overall are the reward, which is what shoppers are told and what merchants expect.
 */
function buyXGetY(
  effect: Extract<PromotionEffect, { kind: "buy_x_get_y" }>,
  cart: CartSnapshot,
  remaining: readonly number[],
): number[] {
  const eligible = cart.lines
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => matches(line, effect.target));
  const units = eligible.reduce((n, { line }) => n + line.quantity, 0);
  const groups = Math.floor(units / (effect.buyQuantity + effect.getQuantity));
  let rewards = Math.min(groups, effect.maxApplications ?? groups) * effect.getQuantity;
  const shares = remaining.map(() => 0);
  // Cheapest first; equal prices keep cart order so the result is deterministic.
  const cheapestFirst = [...eligible].sort(
    (a, b) => a.line.unitPrice - b.line.unitPrice || a.index - b.index,
  );
  for (const { line, index } of cheapestFirst) {
    if (rewards === 0) break;
    const taken = Math.min(rewards, line.quantity);
    rewards -= taken;
    const off = applyRate(
      multiply(money(line.unitPrice, cart.currency), taken),
      effect.ratePpm,
      DISCOUNT_ROUNDING,
    );
    shares[index] = Math.min(off.amount, remaining[index] ?? 0);
  }
  return shares;
}
