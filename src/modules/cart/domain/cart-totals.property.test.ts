import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluatePromotions, type Promotion, type PromotionCandidate } from "../../promotions/index.ts";
import { calculateTax, type TaxInput, taxCategories } from "../../tax/index.ts";
import { cartAmounts } from "./cart-totals.ts";

// The cart's whole money path without a database: promotions → tax → lines and totals → gift
// card, composed the way priceCart composes them, over currencies of exponent 0 (JPY), 2 (EUR,
// USD, GBP, CAD) and 3 (KWD), tax-inclusive and tax-exclusive markets, and both tax roundings.

const RUNS = 2000;
// Generous: thousands of runs share two cores with other suites on CI machines.
const TIMEOUT = 180_000;
const NOW = new Date("2026-06-01T12:00:00Z");
const currencies = ["JPY", "EUR", "USD", "GBP", "CAD", "KWD"] as const;
const skus = ["TEE-M", "MUG-350", "BOOK-1", "CAP-1"] as const;

const destinations: TaxInput["destination"][] = [
  // inclusive: one VAT/GST per price
  { country: "DE" },
  { country: "FR" },
  { country: "GB" },
  { country: "AU", region: "NSW" },
  { country: "JP" },
  // exclusive: state + local, GST + PST/QST, HST
  { country: "US", region: "NY", postalCode: "10001" },
  { country: "US", region: "TX" },
  { country: "CA", region: "BC" },
  { country: "CA", region: "QC" },
  { country: "CA", region: "ON" },
  // no rates configured
  { country: "BR" },
];

const amountFor = (min: number, max: number) =>
  fc.dictionary(fc.constantFrom(...currencies), fc.integer({ min, max }), { minKeys: 1 });
const target = fc.record({ skus: fc.uniqueArray(fc.constantFrom(...skus), { minLength: 1, maxLength: 2 }) });
const ratePpm = fc.integer({ min: 1, max: 1_000_000 });

const effect: fc.Arbitrary<Promotion["rules"]["effect"]> = fc.oneof(
  fc.record({ kind: fc.constant("order_percentage" as const), ratePpm }),
  fc.record({ kind: fc.constant("order_fixed" as const), amounts: amountFor(1, 200_000) }),
  fc.record({ kind: fc.constant("items_percentage" as const), target, ratePpm }),
  fc.record({ kind: fc.constant("items_fixed" as const), target, amountsPerUnit: amountFor(1, 50_000) }),
  fc.record({
    kind: fc.constant("buy_x_get_y" as const),
    target,
    buyQuantity: fc.integer({ min: 1, max: 3 }),
    getQuantity: fc.integer({ min: 1, max: 2 }),
    ratePpm,
  }),
  fc.record({ kind: fc.constant("free_shipping" as const) }),
  fc.record({
    kind: fc.constant("tiered" as const),
    tiers: fc.dictionary(
      fc.constantFrom(...currencies),
      fc.array(
        fc.record({
          threshold: fc.integer({ min: 0, max: 500_000 }),
          amount: fc.integer({ min: 1, max: 100_000 }),
        }),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      { minKeys: 1 },
    ),
  }),
);

const promotion = fc
  .record({
    effect,
    priority: fc.integer({ min: 0, max: 3 }),
    stacking: fc.constantFrom("exclusive" as const, "combinable" as const),
    code: fc.option(fc.constantFrom("A", "B", "C"), { nil: undefined }),
  })
  .map(
    ({
      effect,
      priority,
      stacking,
      code,
    }): Omit<PromotionCandidate, "promotion"> & { promotion: Omit<Promotion, "id"> } => ({
      promotion: {
        label: effect.kind,
        automatic: code === undefined,
        priority,
        stacking,
        startsAt: null,
        endsAt: null,
        usageLimit: null,
        perCustomerLimit: null,
        rules: { conditions: {}, effect },
      },
      code,
      usage: { total: 0, byCustomer: 0 },
    }),
  );

const scenario = fc.record({
  currency: fc.constantFrom(...currencies),
  destination: fc.constantFrom(...destinations),
  rounding: fc.constantFrom("line" as const, "document" as const),
  customerVatId: fc.constantFrom(undefined, undefined, "DE136695976", "FR40303265045"),
  shipping: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 50_000 })),
  lines: fc.array(
    fc.record({
      sku: fc.constantFrom(...skus),
      unitPrice: fc.oneof(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 500_000 })),
      quantity: fc.integer({ min: 1, max: 20 }),
      taxCategory: fc.constantFrom(...taxCategories),
    }),
    { maxLength: 6 },
  ),
  promotions: fc.array(promotion, { maxLength: 3 }),
  mode: fc.constantFrom("priority" as const, "best_deal" as const),
  giftCardBalance: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: null }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Prices a scenario the way priceCart does, returning every intermediate result. */
function price(s: Scenario) {
  const lines = s.lines.map((l, i) => ({ id: `line_${i}`, productId: `prod_${l.sku}`, ...l }));
  const shelf = lines.map((l) => l.unitPrice * l.quantity);
  const promotions = evaluatePromotions({
    cart: {
      currency: s.currency,
      lines,
      subtotal: shelf.reduce((a, b) => a + b, 0),
      shipping: s.shipping,
      customer: { isFirstOrder: false },
      now: NOW,
    },
    candidates: s.promotions.map((c, i) => ({ ...c, promotion: { ...c.promotion, id: `promo_${i}` } })),
    mode: s.mode,
  });
  const discountOf = new Map(promotions.lineDiscounts.map((d) => [d.lineId, d.amount]));
  const tax = calculateTax({
    currency: s.currency,
    seller: { country: "FR", vatId: "FR40303265045" },
    destination: s.destination,
    customerVatId: s.customerVatId,
    lines: lines.map((l, i) => ({
      id: l.id,
      amount: shelf[i]!,
      discount: discountOf.get(l.id) ?? 0,
      taxCategory: l.taxCategory,
    })),
    shipping: s.shipping - promotions.shippingDiscount,
    rounding: s.rounding,
  });
  const amounts = cartAmounts(
    s.currency,
    lines.map((l) => l.id),
    tax,
    s.giftCardBalance,
  );
  return { lines, shelf, promotions, tax, amounts };
}

const sumOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe("cart totals (property)", () => {
  it(
    "total = Σ line subtotals − discounts + shipping + tax, exactly, with every component ≥ 0",
    () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const { amounts, tax } = price(s);
          const { totals, lines } = amounts;
          const subtotal = sumOf(lines.map((l) => l.subtotal));
          const discount = sumOf(lines.map((l) => l.discount));
          expect(totals.subtotal.amount).toBe(subtotal);
          expect(totals.discountTotal.amount).toBe(discount);
          expect(totals.shippingTotal.amount).toBe(tax.shipping.net);
          expect(totals.taxTotal.amount).toBe(tax.taxTotal);
          expect(totals.total.amount).toBe(subtotal - discount + tax.shipping.net + tax.taxTotal);
          // The lines' own totals and the shipping's add up to the same figure.
          expect(sumOf(lines.map((l) => l.total)) + tax.shipping.taxable + tax.shipping.tax).toBe(
            totals.total.amount,
          );
          for (const m of Object.values(totals)) {
            expect(m.currency).toBe(s.currency);
            expect(Number.isSafeInteger(m.amount) && m.amount >= 0).toBe(true);
          }
          for (const l of lines) {
            for (const v of [l.subtotal, l.discount, l.tax, l.total])
              expect(v >= 0 && Number.isSafeInteger(v)).toBe(true);
            expect(l.discount).toBeLessThanOrEqual(l.subtotal);
            expect(l.total).toBe(l.subtotal - l.discount + l.tax);
          }
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "splits discounts over lines so the parts add up to each discount and to the total",
    () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const { promotions, shelf, lines } = price(s);
          const perLine = promotions.lineDiscounts.map((d) => d.amount);
          expect(promotions.lineDiscounts.map((d) => d.lineId)).toEqual(lines.map((l) => l.id));
          expect(sumOf(perLine)).toBe(promotions.lineDiscountTotal);
          perLine.forEach((d, i) => {
            expect(d).toBeGreaterThanOrEqual(0);
            expect(d).toBeLessThanOrEqual(shelf[i]!);
          });
          for (const a of promotions.applied) {
            expect(a.amount).toBe(sumOf(a.lines.map((l) => l.amount)) + a.shipping);
          }
          // Each line's discount is the sum of what every applied promotion took from it.
          lines.forEach((l, i) => {
            const taken = sumOf(
              promotions.applied.flatMap((a) =>
                a.lines.filter((x) => x.lineId === l.id).map((x) => x.amount),
              ),
            );
            expect(taken).toBe(perLine[i]);
          });
          expect(sumOf(promotions.applied.map((a) => a.shipping))).toBe(promotions.shippingDiscount);
          expect(promotions.shippingDiscount).toBeLessThanOrEqual(s.shipping);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "splits tax over lines, shipping and jurisdictions so the parts add up to the tax total",
    () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const { tax, amounts } = price(s);
          expect(sumOf(amounts.lines.map((l) => l.tax)) + tax.shipping.tax).toBe(tax.taxTotal);
          expect(sumOf(tax.breakdown.map((b) => b.amount))).toBe(tax.taxTotal);
          for (const l of amounts.lines) expect(sumOf(l.taxLines.map((c) => c.amount))).toBe(l.tax);
          // Every taxed amount is in exactly one breakdown row per jurisdiction.
          const jurisdictions = new Set(tax.breakdown.map((b) => b.jurisdiction));
          for (const j of jurisdictions) {
            const taxable = sumOf(tax.breakdown.filter((b) => b.jurisdiction === j).map((b) => b.taxable));
            expect(taxable).toBeLessThanOrEqual(
              sumOf(amounts.lines.map((l) => l.subtotal - l.discount)) + tax.shipping.taxable,
            );
          }
          if (tax.reverseCharge) expect(tax.taxTotal).toBe(0);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "charges exactly the shelf prices after discounts where prices include tax, never a cent more or less",
    () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const { tax, amounts, shelf, promotions } = price(s);
          if (!tax.pricesIncludeTax || tax.reverseCharge) return;
          const paid = sumOf(shelf) - promotions.lineDiscountTotal + s.shipping - promotions.shippingDiscount;
          expect(amounts.totals.total.amount).toBe(paid);
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "adds tax on top of unchanged net prices and discounts where prices exclude tax",
    () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const { tax, amounts, shelf, promotions } = price(s);
          if (tax.pricesIncludeTax) return;
          expect(amounts.totals.subtotal.amount).toBe(sumOf(shelf));
          expect(amounts.totals.discountTotal.amount).toBe(promotions.lineDiscountTotal);
          expect(amounts.totals.shippingTotal.amount).toBe(s.shipping - promotions.shippingDiscount);
          expect(amounts.totals.total.amount).toBe(
            sumOf(shelf) -
              promotions.lineDiscountTotal +
              s.shipping -
              promotions.shippingDiscount +
              tax.taxTotal,
          );
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );

  it(
    "lets a gift card pay at most its balance and the total, leaving the rest due",
    () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const { amounts } = price(s);
          const total = amounts.totals.total.amount;
          expect(amounts.giftCardApplied + amounts.amountDue).toBe(total);
          expect(amounts.amountDue).toBeGreaterThanOrEqual(0);
          expect(amounts.giftCardApplied).toBe(
            s.giftCardBalance === null ? 0 : Math.min(s.giftCardBalance, total),
          );
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
