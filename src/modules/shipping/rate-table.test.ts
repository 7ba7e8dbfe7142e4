import { describe, expect, it } from "vitest";
import { checkRateTable, freeShippingThreshold, type RateTable, rateFor } from "./rate-table.ts";

const cart = (subtotal: number, weightGrams: number | null = 1000) => ({ subtotal, weightGrams });

describe("rate tables", () => {
  it("charges a flat rate whatever the cart", () => {
    expect(rateFor({ type: "flat", amount: 500 }, cart(0, null))).toEqual({ ok: true, amount: 500 });
  });

  // Weight tiers: upper bounds inclusive, the first tier that holds the weight wins.
  const weight: RateTable = {
    type: "weight_tiers",
    tiers: [
      { maxGrams: 500, amount: 1900 },
      { maxGrams: 2000, amount: 2900 },
      { maxGrams: 10_000, amount: 4900 },
    ],
  };
  it.each([
    [1, 1900],
    [500, 1900],
    [501, 2900],
    [2000, 2900],
    [2001, 4900],
    [10_000, 4900],
  ])("prices %i g by the tier that holds it (%i)", (grams, amount) => {
    expect(rateFor(weight, cart(0, grams))).toEqual({ ok: true, amount });
  });

  it("does not offer a weight-tiered rate above the last bound", () => {
    expect(rateFor(weight, cart(0, 10_001))).toEqual({ ok: false, reason: "too_heavy" });
  });

  it("lets a last tier without a bound take any weight", () => {
    const open: RateTable = {
      type: "weight_tiers",
      tiers: [
        { maxGrams: 500, amount: 100 },
        { maxGrams: null, amount: 900 },
      ],
    };
    expect(rateFor(open, cart(0, 1_000_000))).toEqual({ ok: true, amount: 900 });
  });

  it("never guesses a missing weight", () => {
    expect(rateFor(weight, cart(0, null))).toEqual({ ok: false, reason: "weight_unknown" });
  });

  // Value tiers: lower bounds inclusive, on the discounted subtotal.
  const value: RateTable = {
    type: "value_tiers",
    tiers: [
      { minSubtotal: 0, amount: 2900 },
      { minSubtotal: 10_000, amount: 1900 },
      { minSubtotal: 20_000, amount: 0 },
    ],
  };
  it.each([
    [0, 2900],
    [9999, 2900],
    [10_000, 1900],
    [19_999, 1900],
    [20_000, 0],
  ])("prices a subtotal of %i by the last tier it reaches (%i)", (subtotal, amount) => {
    expect(rateFor(value, cart(subtotal))).toEqual({ ok: true, amount });
  });

  it.each([
    [14_999, 500],
    [15_000, 0],
    [15_001, 0],
  ])("ships free from the threshold on, inclusive: %i → %i", (subtotal, amount) => {
    expect(rateFor({ type: "free_over", amount: 500, threshold: 15_000 }, cart(subtotal))).toEqual({
      ok: true,
      amount,
    });
  });

  it("works in the currency's own minor units: yen without decimals, fils with three", () => {
    // ¥800 under ¥5,000; 1.250 KWD under 20.000 KWD: amounts are used as given, never scaled.
    const jpy: RateTable = { type: "free_over", amount: 800, threshold: 5000 };
    const kwd: RateTable = {
      type: "value_tiers",
      tiers: [
        { minSubtotal: 0, amount: 1250 },
        { minSubtotal: 20_000, amount: 0 },
      ],
    };
    expect(rateFor(jpy, cart(4999))).toEqual({ ok: true, amount: 800 });
    expect(rateFor(jpy, cart(5000))).toEqual({ ok: true, amount: 0 });
    expect(rateFor(kwd, cart(19_999))).toEqual({ ok: true, amount: 1250 });
    expect(rateFor(kwd, cart(20_000))).toEqual({ ok: true, amount: 0 });
  });

  it("tells from which subtotal a table ships free", () => {
    expect(freeShippingThreshold({ type: "free_over", amount: 500, threshold: 15_000 })).toBe(15_000);
    expect(freeShippingThreshold(value)).toBe(20_000);
    expect(freeShippingThreshold(weight)).toBeNull();
    expect(freeShippingThreshold({ type: "flat", amount: 0 })).toBeNull();
  });

  it.each<[string, RateTable]>([
    ["a negative amount", { type: "flat", amount: -1 }],
    ["a fractional amount", { type: "flat", amount: 4.99 }],
    [
      "weight bounds out of order",
      {
        type: "weight_tiers",
        tiers: [
          { maxGrams: 900, amount: 1 },
          { maxGrams: 500, amount: 2 },
        ],
      },
    ],
    [
      "an unbounded tier before the last",
      {
        type: "weight_tiers",
        tiers: [
          { maxGrams: null, amount: 1 },
          { maxGrams: 500, amount: 2 },
        ],
      },
    ],
    ["value tiers not starting at 0", { type: "value_tiers", tiers: [{ minSubtotal: 100, amount: 1 }] }],
    [
      "repeated value bounds",
      {
        type: "value_tiers",
        tiers: [
          { minSubtotal: 0, amount: 1 },
          { minSubtotal: 0, amount: 2 },
        ],
      },
    ],
  ])("refuses %s", (_name, table) => {
    expect(checkRateTable(table)).toBeTypeOf("string");
  });

  it("accepts well-formed tables", () => {
    for (const table of [weight, value, { type: "flat", amount: 0 } as RateTable])
      expect(checkRateTable(table)).toBeUndefined();
  });
});
