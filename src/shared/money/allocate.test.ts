import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate } from "./allocate.ts";
import { money } from "./money.ts";

const RUNS = { numRuns: 2000 };
const usd = (amount: number) => money(amount, "USD");
const amounts = (parts: readonly { amount: number }[]) => parts.map((p) => p.amount);

const anyTotal = fc.maxSafeInteger();
const anyWeight = fc.oneof(fc.nat(), fc.bigInt({ min: 0n, max: 2n ** 96n }), fc.constant(0));
const anyWeights = fc.array(anyWeight, { minLength: 1, maxLength: 20 });

describe("allocate", () => {
  it("splits 1.00 three ways as 0.34, 0.33, 0.33", () => {
    expect(amounts(allocate(usd(100), [1, 1, 1]))).toEqual([34, 33, 33]);
  });

  it("gives the leftover unit to the largest remainder, not to the first part", () => {
    // 7 × 1/3 = 2.33…, 7 × 2/3 = 4.66…: the second part has the larger remainder.
    expect(amounts(allocate(usd(7), [1, 2]))).toEqual([2, 5]);
  });

  it("breaks equal remainders in favour of the earlier part", () => {
    expect(amounts(allocate(usd(100), [3, 3, 1]))).toEqual([43, 43, 14]);
  });

  it("splits a negative total like its magnitude, negated", () => {
    expect(amounts(allocate(usd(-100), [1, 1, 1]))).toEqual([-34, -33, -33]);
  });

  it("splits evenly when every weight is zero", () => {
    expect(amounts(allocate(usd(5), [0, 0]))).toEqual([3, 2]);
  });

  it("handles weights far beyond the safe integer range as bigint", () => {
    expect(amounts(allocate(usd(3), [2n ** 100n, 2n ** 100n]))).toEqual([2, 1]);
  });

  it("keeps the currency of the total on every part", () => {
    expect(allocate(money(1000, "JPY"), [1, 2]).every((p) => p.currency === "JPY")).toBe(true);
  });

  it.each([
    ["no weights", []],
    ["a negative weight", [1, -1]],
    ["a fractional weight", [0.5, 1]],
    ["an unsafe number weight", [2 ** 60, 1]],
  ])("refuses %s", (_label, weights) => {
    expect(() => allocate(usd(100), weights)).toThrow(RangeError);
  });

  it("returns parts that sum to the total exactly", () => {
    fc.assert(
      fc.property(anyTotal, anyWeights, (total, weights) => {
        const parts = allocate(usd(total), weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.reduce((acc, p) => acc + BigInt(p.amount), 0n)).toBe(BigInt(total));
      }),
      RUNS,
    );
  });

  it("keeps each part within one minor unit of its exact proportional share", () => {
    fc.assert(
      fc.property(anyTotal, anyWeights, (total, weights) => {
        const given = weights.map(BigInt);
        const weightSum = given.reduce((a, b) => a + b, 0n);
        const effective = weightSum === 0n ? given.map(() => 1n) : given;
        const denominator = weightSum === 0n ? BigInt(given.length) : weightSum;
        allocate(usd(total), weights).forEach((part, i) => {
          // |part − total·w/W| < 1, scaled by W to stay in integers.
          const error = BigInt(part.amount) * denominator - BigInt(total) * effective[i]!;
          expect((error < 0n ? -error : error) < denominator).toBe(true);
        });
      }),
      RUNS,
    );
  });

  it("gives nothing to a zero weight when some weight is not zero", () => {
    fc.assert(
      fc.property(anyTotal, anyWeights, fc.integer({ min: 1, max: 1000 }), (total, weights, nonZero) => {
        const withNonZero = [...weights, nonZero];
        allocate(usd(total), withNonZero).forEach((part, i) => {
          if (BigInt(withNonZero[i]!) === 0n) expect(part.amount).toBe(0);
        });
      }),
      RUNS,
    );
  });

  it("splits a negative total as the mirror image of the positive one", () => {
    fc.assert(
      fc.property(anyTotal, anyWeights, (total, weights) => {
        const positive = amounts(allocate(usd(total), weights));
        const negative = amounts(allocate(usd(-total), weights));
        expect(negative).toEqual(positive.map((a) => (a === 0 ? 0 : -a)));
      }),
      RUNS,
    );
  });
});
