import { describe, expect, it } from "vitest";
import type { CartSnapshot, CustomerFacts } from "./cart-snapshot.ts";
import type { UsageSoFar } from "./eligibility.ts";
import { evaluatePromotions, type PromotionCandidate, type StackingMode } from "./evaluate-promotions.ts";
import type { Promotion, PromotionConditions, PromotionEffect } from "./promotion-rules.ts";
import { automatic, byCode, cartOf, NOW, promotionOf } from "./test-builders.ts";

const run = (cart: CartSnapshot, candidates: PromotionCandidate[], mode: StackingMode = "priority") =>
  evaluatePromotions({ cart, candidates, mode });
const perLine = (cart: CartSnapshot, candidates: PromotionCandidate[], mode?: StackingMode) =>
  run(cart, candidates, mode).lineDiscounts.map((l) => l.amount);

// Carts in a zero-, two- and three-decimal currency: amounts are minor units throughout.
const jpy = cartOf("JPY", [
  ["TEE-M", 3000, 1],
  ["MUG-350", 1999, 1],
]);
const usd = cartOf("USD", [
  ["TEE-M", 2800, 2],
  ["MUG-350", 1800, 1],
]);
const eur = cartOf("EUR", [
  ["TEE-M", 2600, 2],
  ["MUG-350", 1650, 1],
]);
const kwd = cartOf("KWD", [
  ["TEE-M", 9500, 1],
  ["MUG-350", 4125, 3],
]);

describe("each promotion kind", () => {
  const tenPercent: PromotionEffect = { kind: "order_percentage", ratePpm: 100_000 };
  it.each([
    // 10 % of 4999 = 499.9 → 500 (half up); 300.06 | 199.94 → the leftover yen goes to the mug.
    ["JPY", jpy, [300, 200]],
    ["USD", usd, [560, 180]],
    ["EUR", eur, [520, 165]],
    // 10 % of 21.875 KWD = 2.1875 → 2.188; split 950 | 1237.5 → 950 | 1238.
    ["KWD", kwd, [950, 1238]],
  ])("order_percentage takes 10 %% of a %s cart, split over the lines", (_c, cart, expected) => {
    expect(perLine(cart, [automatic(promotionOf(tenPercent))])).toEqual(expected);
  });

  const fixed: PromotionEffect = {
    kind: "order_fixed",
    amounts: { JPY: 500, USD: 1000, EUR: 900, KWD: 2000 },
  };
  it.each([
    ["JPY", jpy, [300, 200]],
    ["USD", usd, [757, 243]],
    ["EUR", eur, [683, 217]],
    ["KWD", kwd, [869, 1131]],
  ])("order_fixed takes the amount set for %s, in proportion to the lines", (_c, cart, expected) => {
    const outcome = run(cart, [automatic(promotionOf(fixed))]);
    expect(outcome.lineDiscounts.map((l) => l.amount)).toEqual(expected);
    expect(outcome.lineDiscountTotal).toBe(fixed.amounts[cart.currency]);
  });

  it("order_fixed never takes more than the subtotal", () => {
    const small = cartOf("USD", [["STICKERS-5", 600, 1]]);
    const outcome = run(small, [automatic(promotionOf({ kind: "order_fixed", amounts: { USD: 5000 } }))]);
    expect(outcome.lineDiscountTotal).toBe(600);
  });

  it.each([
    ["JPY", jpy, [600, 0]],
    ["USD", usd, [1120, 0]],
    ["EUR", eur, [1040, 0]],
    ["KWD", kwd, [1900, 0]],
  ])("items_percentage takes 20 %% off the targeted SKU only in %s", (_c, cart, expected) => {
    const effect: PromotionEffect = {
      kind: "items_percentage",
      target: { skus: ["TEE-M"] },
      ratePpm: 200_000,
    };
    expect(perLine(cart, [automatic(promotionOf(effect))])).toEqual(expected);
  });

  it.each([
    ["JPY", jpy, { JPY: 150 }, [0, 150]],
    ["USD", usd, { USD: 250 }, [0, 250]],
    ["EUR", eur, { EUR: 200 }, [0, 200]],
    ["KWD", kwd, { KWD: 500 }, [0, 1500]],
  ])("items_fixed takes a per-unit amount off each matching unit in %s", (_c, cart, amounts, expected) => {
    const effect: PromotionEffect = {
      kind: "items_fixed",
      target: { productIds: ["prod_MUG"] },
      amountsPerUnit: amounts,
    };
    expect(perLine(cart, [automatic(promotionOf(effect))])).toEqual(expected);
  });

  it("items_fixed never takes a line below zero", () => {
    const cart = cartOf("USD", [["MUG-350", 300, 2]]);
    const effect: PromotionEffect = {
      kind: "items_fixed",
      target: { skus: ["MUG-350"] },
      amountsPerUnit: { USD: 500 },
    };
    expect(perLine(cart, [automatic(promotionOf(effect))])).toEqual([600]);
  });

  describe("buy_x_get_y", () => {
    const buy2get1: PromotionEffect = {
      kind: "buy_x_get_y",
      target: { categoryIds: ["apparel"] },
      buyQuantity: 2,
      getQuantity: 1,
      ratePpm: 1_000_000,
    };
    it.each([
      ["JPY", [3000, 2000], [0, 2000, 0]],
      ["USD", [2800, 7900], [2800, 0, 0]],
      ["EUR", [2600, 7400], [2600, 0, 0]],
      ["KWD", [9500, 12_250], [9500, 0, 0]],
    ])("gives the cheapest unit of three free across SKUs in %s", (currency, [tee, hoodie], expected) => {
      const cart = cartOf(currency as string, [
        ["TEE-M", tee!, 1],
        ["HOODIE-FOREST", hoodie!, 2],
        ["MUG-350", 100, 5],
      ]);
      expect(perLine(cart, [automatic(promotionOf(buy2get1))])).toEqual(expected);
    });

    it("discounts one reward unit per full group and no more", () => {
      const cart = cartOf("USD", [["TEE-M", 2800, 5]]);
      expect(perLine(cart, [automatic(promotionOf(buy2get1))])).toEqual([2800]);
    });

    it("takes a percentage off reward units instead of making them free", () => {
      const cart = cartOf("USD", [["TEE-M", 2800, 6]]);
      const half = { ...buy2get1, ratePpm: 500_000 };
      expect(perLine(cart, [automatic(promotionOf(half))])).toEqual([2800]);
    });

    it("stops at maxApplications", () => {
      const cart = cartOf("USD", [["TEE-M", 2800, 9]]);
      expect(perLine(cart, [automatic(promotionOf({ ...buy2get1, maxApplications: 1 }))])).toEqual([2800]);
    });

    it("is not applicable with too few units", () => {
      const cart = cartOf("USD", [["TEE-M", 2800, 2]]);
      const outcome = run(cart, [byCode(promotionOf(buy2get1), "B2G1")]);
      expect(outcome.applied).toEqual([]);
      expect(outcome.rejected).toEqual([{ code: "B2G1", promotionId: "promo_a", reason: "not_applicable" }]);
    });
  });

  it.each([
    ["JPY", 800],
    ["USD", 500],
    ["EUR", 450],
    ["KWD", 2500],
  ])(
    "free_shipping takes the whole shipping amount in %s and nothing off the lines",
    (currency, shipping) => {
      const cart = { ...cartOf(currency, [["TEE-M", 3000, 1]]), shipping };
      const outcome = run(cart, [automatic(promotionOf({ kind: "free_shipping" }))]);
      expect(outcome.shippingDiscount).toBe(shipping);
      expect(outcome.lineDiscountTotal).toBe(0);
      expect(outcome.applied[0]).toMatchObject({
        kind: "free_shipping",
        amount: shipping,
        shipping,
        lines: [],
      });
    },
  );

  it("keeps a free-shipping code applied at 0 while no shipping method is chosen", () => {
    const outcome = run(cartOf("USD", [["TEE-M", 2800, 1]]), [
      byCode(promotionOf({ kind: "free_shipping" }), "SHIPFREE"),
    ]);
    expect(outcome.applied.map((a) => [a.code, a.amount])).toEqual([["SHIPFREE", 0]]);
    expect(outcome.rejected).toEqual([]);
  });

  describe("tiered", () => {
    const tiers: PromotionEffect = {
      kind: "tiered",
      tiers: {
        USD: [
          { threshold: 10_000, amount: 1000 },
          { threshold: 20_000, amount: 2500 },
        ],
        JPY: [
          { threshold: 10_000, amount: 1000 },
          { threshold: 20_000, amount: 3000 },
        ],
        EUR: [{ threshold: 9000, amount: 900 }],
        KWD: [{ threshold: 30_000, amount: 3000 }],
      },
    };
    it.each([
      ["USD", 9_999, 0],
      ["USD", 10_000, 1000],
      ["USD", 19_999, 1000],
      ["USD", 25_000, 2500],
      ["JPY", 20_000, 3000],
      ["EUR", 9000, 900],
      ["KWD", 30_000, 3000],
    ])("in %s a subtotal of %i gets %i off", (currency, subtotal, off) => {
      const cart = cartOf(currency, [["TEE-M", subtotal, 1]]);
      const outcome = run(cart, [byCode(promotionOf(tiers), "TIERS")]);
      expect(outcome.lineDiscountTotal).toBe(off);
      if (off === 0) expect(outcome.rejected[0]?.reason).toBe("minimum_not_met");
    });
  });
});

describe("rejections", () => {
  const tenPercent = promotionOf({ kind: "order_percentage", ratePpm: 100_000 });
  const reasonFor = (candidate: PromotionCandidate, cart: CartSnapshot = usd) =>
    run(cart, [candidate]).rejected.map((r) => r.reason);

  it("says not_found for a code that matches no promotion", () => {
    const outcome = evaluatePromotions({ cart: usd, candidates: [], unknownCodes: ["NOPE"] });
    expect(outcome.rejected).toEqual([{ code: "NOPE", promotionId: null, reason: "not_found" }]);
  });

  const unused = { total: 0, byCustomer: 0 };
  it.each<[string, Partial<Promotion>, UsageSoFar]>([
    ["not_started", { startsAt: new Date(NOW.getTime() + 1) }, unused],
    ["expired", { endsAt: NOW }, unused],
    ["usage_limit_reached", { usageLimit: 5 }, { total: 5, byCustomer: 0 }],
    ["usage_limit_reached", { perCustomerLimit: 1 }, { total: 0, byCustomer: 1 }],
  ])("says %s", (reason, over, usage) => {
    expect(reasonFor(byCode({ ...tenPercent, ...over }, "CODE", usage))).toEqual([reason]);
  });

  it("applies from the first instant of the window until just before its end", () => {
    const windowed = { ...tenPercent, startsAt: NOW, endsAt: new Date(NOW.getTime() + 1) };
    expect(reasonFor(byCode(windowed, "CODE"))).toEqual([]);
  });

  it.each<[string, PromotionConditions]>([
    ["a currency list without the cart's", { currencies: ["EUR"] }],
    ["a minimum only in other currencies", { minimumSubtotal: { EUR: 100 } }],
  ])("says currency_mismatch for %s", (_l, conditions) => {
    expect(reasonFor(byCode({ ...tenPercent, rules: { ...tenPercent.rules, conditions } }, "CODE"))).toEqual([
      "currency_mismatch",
    ]);
  });

  it("says currency_mismatch for a fixed amount set only in other currencies", () => {
    const yenOnly = promotionOf({ kind: "order_fixed", amounts: { JPY: 500 } });
    expect(reasonFor(byCode(yenOnly, "YEN"), kwd)).toEqual(["currency_mismatch"]);
    expect(reasonFor(byCode(yenOnly, "YEN"), jpy)).toEqual([]);
  });

  it.each<[string, PromotionConditions, CustomerFacts]>([
    ["minimum_not_met", { minimumSubtotal: { USD: 7401 } }, usd.customer],
    ["customer_not_eligible", { customerGroups: ["wholesale"] }, { isFirstOrder: true, group: "retail" }],
    ["customer_not_eligible", { customerGroups: ["wholesale"] }, { isFirstOrder: true }],
    ["customer_not_eligible", { firstOrderOnly: true }, { isFirstOrder: false }],
  ])("says %s", (reason, conditions, customer) => {
    const cart = { ...usd, customer };
    expect(
      reasonFor(byCode({ ...tenPercent, rules: { ...tenPercent.rules, conditions } }, "C"), cart),
    ).toEqual([reason]);
  });

  it("accepts a cart that meets the minimum exactly, the group and the first order", () => {
    const conditions = { minimumSubtotal: { USD: 7400 }, customerGroups: ["vip"], firstOrderOnly: true };
    const cart = { ...usd, customer: { isFirstOrder: true, group: "vip" } };
    const outcome = run(cart, [byCode({ ...tenPercent, rules: { ...tenPercent.rules, conditions } }, "VIP")]);
    expect(outcome.lineDiscountTotal).toBe(740);
  });

  it("says not_applicable when no line matches the target", () => {
    const teeOnly = promotionOf({ kind: "items_percentage", target: { skus: ["TEE-XL"] }, ratePpm: 100_000 });
    expect(reasonFor(byCode(teeOnly, "TEE"))).toEqual(["not_applicable"]);
  });

  it("says duplicate for a second code of a promotion already applied", () => {
    const outcome = run(usd, [byCode(tenPercent, "SAVE10"), byCode(tenPercent, "save10-again")]);
    expect(outcome.applied.map((a) => a.code)).toEqual(["SAVE10"]);
    expect(outcome.rejected.map((r) => [r.code, r.reason])).toEqual([["save10-again", "duplicate"]]);
  });
});

describe("stacking", () => {
  const pct = (id: string, ratePpm: number, over = {}) =>
    promotionOf({ kind: "order_percentage", ratePpm }, { id, label: id, ...over });
  const off = (id: string, amount: number, over = {}) =>
    promotionOf({ kind: "order_fixed", amounts: { USD: amount } }, { id, label: id, ...over });

  it("applies combinable promotions by priority, each to what the earlier left", () => {
    // 7400 − 1000 = 6400, then 10 % of 6400 = 640.
    const outcome = run(usd, [automatic(pct("b", 100_000)), automatic(off("a", 1000, { priority: 5 }))]);
    expect(outcome.applied.map((a) => [a.promotionId, a.amount])).toEqual([
      ["a", 1000],
      ["b", 640],
    ]);
    expect(outcome.lineDiscountTotal).toBe(1640);
  });

  it("lets a higher-priority exclusive promotion stand alone", () => {
    const outcome = run(usd, [
      byCode(pct("excl", 200_000, { priority: 10, stacking: "exclusive" }), "BIG"),
      byCode(off("other", 500), "SMALL"),
    ]);
    expect(outcome.applied.map((a) => a.promotionId)).toEqual(["excl"]);
    expect(outcome.rejected).toEqual([{ code: "SMALL", promotionId: "other", reason: "not_combinable" }]);
  });

  it("refuses an exclusive code after a higher-priority promotion was applied", () => {
    const outcome = run(usd, [
      automatic(off("auto", 500, { priority: 10 })),
      byCode(pct("excl", 200_000, { stacking: "exclusive" }), "BIG"),
    ]);
    expect(outcome.applied.map((a) => a.promotionId)).toEqual(["auto"]);
    expect(outcome.rejected).toEqual([{ code: "BIG", promotionId: "excl", reason: "not_combinable" }]);
  });

  it("does not let a promotion that takes nothing block an exclusive one", () => {
    const nothing = promotionOf(
      { kind: "items_percentage", target: { skus: ["NONE"] }, ratePpm: 100_000 },
      { id: "nothing", priority: 10 },
    );
    const outcome = run(usd, [
      automatic(nothing),
      byCode(pct("excl", 200_000, { stacking: "exclusive" }), "BIG"),
    ]);
    expect(outcome.applied.map((a) => a.promotionId)).toEqual(["excl"]);
  });

  it("in best_deal picks the exclusive promotion when it beats the combinable ones together", () => {
    const candidates = [
      byCode(pct("excl", 300_000, { stacking: "exclusive" }), "THIRTY"),
      automatic(pct("ten", 100_000, { priority: 10 })),
      automatic(off("five", 500, { priority: 9 })),
    ];
    expect(run(usd, candidates, "priority").lineDiscountTotal).toBe(740 + 500);
    const best = run(usd, candidates, "best_deal");
    expect(best.applied.map((a) => a.promotionId)).toEqual(["excl"]);
    expect(best.lineDiscountTotal).toBe(2220);
  });

  it("in best_deal combines the combinable ones when together they beat the exclusive", () => {
    const candidates = [
      byCode(pct("excl", 150_000, { stacking: "exclusive" }), "FIFTEEN"),
      automatic(pct("ten", 100_000, { priority: 10 })),
      automatic(off("five", 500, { priority: 9 })),
    ];
    const best = run(usd, candidates, "best_deal");
    expect(best.applied.map((a) => a.promotionId)).toEqual(["ten", "five"]);
    expect(best.lineDiscountTotal).toBe(1240);
    expect(best.rejected).toEqual([{ code: "FIFTEEN", promotionId: "excl", reason: "not_combinable" }]);
  });

  it("gives the same outcome whatever order the candidates come in", () => {
    const a = [automatic(pct("x", 100_000)), automatic(off("y", 700)), automatic(pct("z", 50_000))];
    const reference = run(usd, a);
    expect(run(usd, [...a].reverse())).toEqual(reference);
  });

  it("explains each discount: promotion, code, label, amount and lines", () => {
    const outcome = run(usd, [byCode(off("spring", 1000), "SPRING")]);
    expect(outcome.applied).toEqual([
      {
        promotionId: "spring",
        code: "SPRING",
        label: "spring",
        kind: "order_fixed",
        amount: 1000,
        shipping: 0,
        lines: [
          { lineId: "line_1", amount: 757 },
          { lineId: "line_2", amount: 243 },
        ],
      },
    ]);
  });
});
