import type { CartSnapshot } from "./cart-snapshot.ts";
import type { PromotionCandidate } from "./evaluate-promotions.ts";
import type { Promotion, PromotionEffect } from "./promotion-rules.ts";

/** Builders for engine tests: a cart from [sku, unitPrice, quantity] rows, promotions with defaults. */

export const NOW = new Date("2026-06-01T12:00:00Z");

export function cartOf(
  currency: string,
  rows: readonly (readonly [sku: string, unitPrice: number, quantity: number])[],
  extra: Partial<Omit<CartSnapshot, "currency" | "lines" | "subtotal">> = {},
): CartSnapshot {
  const lines = rows.map(([sku, unitPrice, quantity], i) => ({
    id: `line_${i + 1}`,
    sku,
    productId: `prod_${sku.split("-")[0]}`,
    categoryIds: sku.startsWith("TEE") || sku.startsWith("HOODIE") ? ["apparel"] : ["home"],
    unitPrice,
    quantity,
  }));
  return {
    currency,
    lines,
    subtotal: lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0),
    shipping: 0,
    customer: { isFirstOrder: false },
    now: NOW,
    ...extra,
  };
}

export function promotionOf(effect: PromotionEffect, over: Partial<Promotion> = {}): Promotion {
  return {
    id: "promo_a",
    label: `Test ${effect.kind}`,
    automatic: true,
    priority: 0,
    stacking: "combinable",
    startsAt: null,
    endsAt: null,
    usageLimit: null,
    perCustomerLimit: null,
    rules: { conditions: {}, effect },
    ...over,
  };
}

export const automatic = (promotion: Promotion): PromotionCandidate => ({
  promotion,
  usage: { total: 0, byCustomer: 0 },
});

export const byCode = (
  promotion: Promotion,
  code: string,
  usage = { total: 0, byCustomer: 0 },
): PromotionCandidate => ({ promotion: { ...promotion, automatic: false }, code, usage });
