import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CartSnapshot } from "./cart-snapshot.ts";
import { evaluatePromotions, type PromotionCandidate } from "./evaluate-promotions.ts";
import type { PromotionEffect } from "./promotion-rules.ts";
import { NOW } from "./test-builders.ts";

const RUNS = { numRuns: 3000 };
// One currency per exponent: 0, 2 and 3 decimals.
const anyCurrency = fc.constantFrom("JPY", "USD", "KWD");
const skus = ["TEE-S", "TEE-M", "MUG-350", "HOODIE-FOREST", "STICKERS-5"];

const anyLine = fc.record({
  sku: fc.constantFrom(...skus),
  unitPrice: fc.integer({ min: 0, max: 5_000_000 }),
  quantity: fc.integer({ min: 1, max: 50 }),
});

const anyCart = fc
  .tuple(anyCurrency, fc.array(anyLine, { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 100_000 }))
  .map(([currency, lines, shipping]): CartSnapshot => {
    const withIds = lines.map((l, i) => ({
      ...l,
      id: `line_${i}`,
      productId: `prod_${l.sku.split("-")[0]}`,
      categoryIds: l.sku.startsWith("TEE") ? ["apparel"] : [],
    }));
    return {
      currency,
      lines: withIds,
      subtotal: withIds.reduce((s, l) => s + l.unitPrice * l.quantity, 0),
      shipping,
      customer: { isFirstOrder: true },
      now: NOW,
    };
  });

const anyAmounts = fc.integer({ min: 1, max: 50_000_000 }).map((n) => ({ JPY: n, USD: n, KWD: n }));
const anyTarget = fc.record({ skus: fc.subarray(skus, { minLength: 1 }) });
const anyEffect: fc.Arbitrary<PromotionEffect> = fc.oneof(
  fc.record({
    kind: fc.constant("order_percentage" as const),
    ratePpm: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  fc.record({ kind: fc.constant("order_fixed" as const), amounts: anyAmounts }),
  fc.record({
    kind: fc.constant("items_percentage" as const),
    target: anyTarget,
    ratePpm: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  fc.record({ kind: fc.constant("items_fixed" as const), target: anyTarget, amountsPerUnit: anyAmounts }),
  fc.record({
    kind: fc.constant("buy_x_get_y" as const),
    target: anyTarget,
    buyQuantity: fc.integer({ min: 1, max: 5 }),
    getQuantity: fc.integer({ min: 1, max: 3 }),
    ratePpm: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  fc.constant({ kind: "free_shipping" as const }),
  fc.record({
    kind: fc.constant("tiered" as const),
    tiers: fc
      .array(
        fc.record({
          threshold: fc.integer({ min: 0, max: 10_000_000 }),
          amount: fc.integer({ min: 1, max: 5_000_000 }),
        }),
        {
          minLength: 1,
          maxLength: 4,
        },
      )
      .map((t) => ({ JPY: t, USD: t, KWD: t })),
  }),
);

const anyCandidates = fc
  .array(
    fc.record({
      effect: anyEffect,
      priority: fc.integer({ min: -3, max: 3 }),
      exclusive: fc.boolean(),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((specs) =>
    specs.map(
      (s, i): PromotionCandidate => ({
        promotion: {
          id: `promo_${i}`,
          label: `Promotion ${i}`,
          automatic: true,
          priority: s.priority,
          stacking: s.exclusive ? "exclusive" : "combinable",
          startsAt: null,
          endsAt: null,
          usageLimit: null,
          perCustomerLimit: null,
          rules: { conditions: {}, effect: s.effect },
        },
        usage: { total: 0, byCustomer: 0 },
      }),
    ),
  );

describe.each(["priority", "best_deal"] as const)("discount allocation in %s mode", (mode) => {
  it("splits every discount over lines so the parts add up exactly, no line goes negative and the subtotal is never exceeded", () => {
    fc.assert(
      fc.property(anyCart, anyCandidates, (cart, candidates) => {
        const outcome = evaluatePromotions({ cart, candidates, mode });
        const lineSum = outcome.lineDiscounts.reduce((s, l) => s + l.amount, 0);
        expect(lineSum).toBe(outcome.lineDiscountTotal);
        expect(outcome.lineDiscountTotal).toBeLessThanOrEqual(cart.subtotal);
        expect(outcome.shippingDiscount).toBeGreaterThanOrEqual(0);
        expect(outcome.shippingDiscount).toBeLessThanOrEqual(cart.shipping);
        cart.lines.forEach((line, i) => {
          const off = outcome.lineDiscounts[i]!.amount;
          expect(Number.isSafeInteger(off)).toBe(true);
          expect(off).toBeGreaterThanOrEqual(0);
          expect(off).toBeLessThanOrEqual(line.unitPrice * line.quantity);
        });
        for (const applied of outcome.applied) {
          const parts = applied.lines.reduce((s, l) => s + l.amount, 0) + applied.shipping;
          expect(parts).toBe(applied.amount);
          expect(applied.lines.every((l) => l.amount > 0)).toBe(true);
        }
        const byApplied = outcome.applied.reduce((s, a) => s + a.amount, 0);
        expect(byApplied).toBe(outcome.lineDiscountTotal + outcome.shippingDiscount);
        // At most one exclusive promotion, and then alone.
        const exclusive = outcome.applied.filter(
          (a) => candidates.find((c) => c.promotion.id === a.promotionId)?.promotion.stacking === "exclusive",
        );
        if (exclusive.length > 0) expect(outcome.applied).toHaveLength(1);
      }),
      RUNS,
    );
  });
});

describe("best_deal", () => {
  it("never saves the shopper less than priority order does", () => {
    fc.assert(
      fc.property(anyCart, anyCandidates, (cart, candidates) => {
        const saved = (mode: "priority" | "best_deal") => {
          const o = evaluatePromotions({ cart, candidates, mode });
          return o.lineDiscountTotal + o.shippingDiscount;
        };
        expect(saved("best_deal")).toBeGreaterThanOrEqual(saved("priority"));
      }),
      RUNS,
    );
  });
});
