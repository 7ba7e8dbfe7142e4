import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convertPrice, parseRate, type RoundingRule, toSettlement } from "./convert-price.ts";

const RUNS = { numRuns: 3000 };
const currencies = ["USD", "EUR", "JPY", "KRW", "KWD", "BHD", "OMR", "JOD", "TND", "CHF"] as const;
const exponent: Record<string, number> = {
  USD: 2,
  EUR: 2,
  JPY: 0,
  KRW: 0,
  KWD: 3,
  BHD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
  CHF: 2,
};
const anyCurrency = fc.constantFrom(...currencies);
const anyAmount = fc.integer({ min: 0, max: 10_000_000 });
// Rates as decimal strings from 0.0001 to 9999.9999, exact.
const anyRate = fc
  .tuple(fc.integer({ min: 0, max: 9_999 }), fc.integer({ min: 0, max: 9999 }))
  .filter(([i, f]) => i + f > 0)
  .map(([i, f]) => `${i}.${String(f).padStart(4, "0")}`);
const anyRule: fc.Arbitrary<RoundingRule> = fc
  .record({ increment: fc.integer({ min: 1, max: 1000 }), mode: fc.constantFrom("nearest", "up", "down") })
  .chain((r) =>
    fc.integer({ min: 0, max: r.increment - 1 }).map((ending) => ({ ...r, ending }) as RoundingRule),
  );

/** The exact converted value as a ratio, for checking bounds without floats. */
function exact(amount: number, from: string, to: string, rate: string) {
  const { numerator, denominator } = parseRate(rate)!;
  const shift = exponent[to]! - exponent[from]!;
  return {
    n: BigInt(amount) * numerator * (shift > 0 ? 10n ** BigInt(shift) : 1n),
    d: denominator * (shift < 0 ? 10n ** BigInt(-shift) : 1n),
  };
}

describe("convertPrice", () => {
  it.each([
    ["USD → EUR at 0.92, to the cent", 2500, "USD", "EUR", "0.92", undefined, 2300],
    ["USD → JPY at 151.237: yen have no minor unit", 1999, "USD", "JPY", "151.237", undefined, 3023],
    ["USD → KWD at 0.3071: fils are thousandths", 2500, "USD", "KWD", "0.3071", undefined, 7678],
    ["JPY → USD at 0.0066", 3000, "JPY", "USD", "0.0066", undefined, 1980],
    ["KWD → JPY at 492.5", 7678, "KWD", "JPY", "492.5", undefined, 3781],
    ["charm .99, rounded up", 2500, "USD", "EUR", "0.92", { increment: 100, ending: 99, mode: "up" }, 2399],
    ["charm .99, nearest", 2500, "USD", "EUR", "0.92", { increment: 100, ending: 99, mode: "nearest" }, 2299],
    ["whole units", 2549, "USD", "EUR", "1", { increment: 100, ending: 0, mode: "nearest" }, 2500],
    ["whole units, tie up", 2550, "USD", "EUR", "1", { increment: 100, ending: 0, mode: "nearest" }, 2600],
    ["nearest 0.05 (CHF)", 2500, "USD", "CHF", "0.8873", { increment: 5, ending: 0, mode: "nearest" }, 2220],
    [
      "JPY to the nearest 10 yen",
      1999,
      "USD",
      "JPY",
      "151.237",
      { increment: 10, ending: 0, mode: "nearest" },
      3020,
    ],
    [
      "a small price below the first charm ending",
      10,
      "USD",
      "EUR",
      "0.92",
      { increment: 100, ending: 99, mode: "down" },
      99,
    ],
    [
      "zero stays zero, even with charm",
      0,
      "USD",
      "EUR",
      "0.92",
      { increment: 100, ending: 99, mode: "up" },
      0,
    ],
  ] as const)("converts %s", (_name, amount, from, to, rate, rule, expected) => {
    expect(convertPrice(amount, from, to, rate, rule)).toBe(expected);
  });

  it("refuses a bad rate, a negative price and a rule whose ending is not below its increment", () => {
    expect(() => convertPrice(100, "USD", "EUR", "0")).toThrow(RangeError);
    expect(() => convertPrice(100, "USD", "EUR", "-1")).toThrow(RangeError);
    expect(() => convertPrice(100, "USD", "EUR", "1e3")).toThrow(RangeError);
    expect(() => convertPrice(-1, "USD", "EUR", "1")).toThrow(RangeError);
    expect(() => convertPrice(100, "USD", "EUR", "1", { increment: 100, ending: 100, mode: "up" })).toThrow();
  });

  it("lands on the rule's grid (k × increment + ending) for any currencies and rate", () => {
    fc.assert(
      fc.property(anyAmount, anyCurrency, anyCurrency, anyRate, anyRule, (amount, from, to, rate, rule) => {
        const out = convertPrice(amount, from, to, rate, rule);
        expect(Number.isSafeInteger(out)).toBe(true);
        if (amount === 0) {
          expect(out).toBe(0);
          return;
        }
        expect((out - rule.ending) % rule.increment).toBe(0);
        expect(out).toBeGreaterThanOrEqual(rule.ending);
      }),
      RUNS,
    );
  });

  it("stays within one increment of the exact value, on the side the mode says", () => {
    fc.assert(
      fc.property(anyAmount, anyCurrency, anyCurrency, anyRate, anyRule, (amount, from, to, rate, rule) => {
        const out = BigInt(convertPrice(amount, from, to, rate, rule));
        const { n, d } = exact(amount, from, to, rate);
        const gap = out * d - n; // (out − exact) × d
        const inc = BigInt(rule.increment) * d;
        // Below the first grid point every mode gives `ending`: only then may it overshoot.
        const belowFirst = n <= BigInt(rule.ending) * d;
        if (amount === 0 || belowFirst) return;
        if (rule.mode === "up") expect(gap >= 0n && gap < inc).toBe(true);
        if (rule.mode === "down") expect(gap <= 0n && -gap < inc).toBe(true);
        if (rule.mode === "nearest") expect(2n * (gap < 0n ? -gap : gap) <= inc).toBe(true);
      }),
      RUNS,
    );
  });

  it("never reorders prices: a dearer price converts to at least as much", () => {
    fc.assert(
      fc.property(
        anyAmount,
        anyAmount,
        anyCurrency,
        anyCurrency,
        anyRate,
        anyRule,
        (a, b, from, to, rate, rule) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(convertPrice(lo, from, to, rate, rule)).toBeLessThanOrEqual(
            convertPrice(hi, from, to, rate, rule),
          );
        },
      ),
      RUNS,
    );
  });

  it("round-trips to the minor unit through settlement when the target has the finer unit", () => {
    fc.assert(
      fc.property(anyAmount, anyCurrency, anyCurrency, anyRate, (amount, from, to, rate) => {
        const back = toSettlement(convertPrice(amount, from, to, rate), to, from, rate);
        const { n, d } = exact(amount, from, to, rate);
        // Converting loses at most half a target minor unit; going back adds at most half a base one.
        const oneTargetUnitInBase = Number(parseRate(rate)!.denominator) / Number(parseRate(rate)!.numerator);
        const slack = 0.5 + 0.5 * oneTargetUnitInBase * 10 ** (exponent[from]! - exponent[to]!) + 1e-9;
        expect(Math.abs(back - amount)).toBeLessThanOrEqual(Math.ceil(slack));
        expect(n >= 0n && d > 0n).toBe(true);
      }),
      RUNS,
    );
  });
});
