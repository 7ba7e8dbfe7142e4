import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UnsupportedCurrencyError } from "./currency.ts";
import {
  add,
  applyRate,
  CurrencyMismatchError,
  compare,
  equals,
  extractInclusiveTax,
  fromDecimalString,
  isZero,
  money,
  multiply,
  subtract,
  sum,
  toDecimalString,
  zero,
} from "./money.ts";
import type { RoundingMode } from "./rounding.ts";

const RUNS = { numRuns: 2000 };
const MAX = Number.MAX_SAFE_INTEGER;
const usd = (amount: number) => money(amount, "USD");
const modes: readonly RoundingMode[] = ["half_up", "half_down", "half_even", "up", "down"];
const anyMode = fc.constantFrom(...modes);
const anyAmount = fc.maxSafeInteger();
const anyCurrency = fc.constantFrom("JPY", "USD", "KWD");

describe("money", () => {
  it("keeps the amount in minor units with its currency", () => {
    expect(usd(1999)).toEqual({ amount: 1999, currency: "USD" });
  });

  it("is frozen so nobody can change an amount in place", () => {
    expect(Object.isFrozen(usd(1))).toBe(true);
  });

  it("stores negative zero as zero", () => {
    expect(Object.is(usd(-0).amount, 0)).toBe(true);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, MAX + 1, -(MAX + 1)])(
    "refuses %d minor units with a RangeError",
    (amount) => {
      expect(() => usd(amount)).toThrow(RangeError);
    },
  );

  it("refuses an unsupported currency", () => {
    expect(() => money(100, "ABC")).toThrow(UnsupportedCurrencyError);
    expect(() => zero("XXX")).toThrow(UnsupportedCurrencyError);
  });
});

describe("arithmetic", () => {
  it("adds, subtracts and multiplies in minor units", () => {
    expect(add(usd(1999), usd(1))).toEqual(usd(2000));
    expect(subtract(usd(1), usd(1999))).toEqual(usd(-1998));
    expect(multiply(usd(1999), 3)).toEqual(usd(5997));
  });

  it("sums an empty list to zero in the given currency", () => {
    expect(sum("JPY", [])).toEqual(zero("JPY"));
  });

  it("sums a list of amounts", () => {
    expect(sum("USD", [usd(1), usd(2), usd(3)])).toEqual(usd(6));
  });

  it("throws a RangeError when a result leaves the safe integer range", () => {
    expect(() => add(usd(MAX), usd(1))).toThrow(RangeError);
    expect(() => subtract(usd(-MAX), usd(1))).toThrow(RangeError);
    expect(() => multiply(usd(2 ** 30), 2 ** 24)).toThrow(RangeError);
  });

  it("refuses a fractional quantity", () => {
    expect(() => multiply(usd(100), 1.5)).toThrow(RangeError);
  });

  it("compares amounts and tells zero apart", () => {
    expect(compare(usd(1), usd(2))).toBe(-1);
    expect(compare(usd(2), usd(2))).toBe(0);
    expect(compare(usd(3), usd(2))).toBe(1);
    expect(isZero(usd(0))).toBe(true);
    expect(isZero(usd(-1))).toBe(false);
  });

  it("treats the same amount in another currency as unequal", () => {
    expect(equals(usd(100), usd(100))).toBe(true);
    expect(equals(usd(100), money(100, "EUR"))).toBe(false);
  });

  it("throws a CurrencyMismatchError instead of mixing currencies", () => {
    const eur = money(100, "EUR");
    expect(() => add(usd(100), eur)).toThrow(CurrencyMismatchError);
    expect(() => subtract(usd(100), eur)).toThrow(CurrencyMismatchError);
    expect(() => compare(usd(100), eur)).toThrow(CurrencyMismatchError);
    expect(() => sum("USD", [usd(1), eur])).toThrow(CurrencyMismatchError);
    expect(() => sum("USD", [eur])).toThrow(CurrencyMismatchError);
  });
});

describe("applyRate", () => {
  // The input x is reached as (10·x minor units) × 10 %, so every row is an exact tenth.
  const table: [number, Record<RoundingMode, number>][] = [
    [5.5, { up: 6, down: 5, half_up: 6, half_down: 5, half_even: 6 }],
    [2.5, { up: 3, down: 2, half_up: 3, half_down: 2, half_even: 2 }],
    [1.6, { up: 2, down: 1, half_up: 2, half_down: 2, half_even: 2 }],
    [1.1, { up: 2, down: 1, half_up: 1, half_down: 1, half_even: 1 }],
    [1.0, { up: 1, down: 1, half_up: 1, half_down: 1, half_even: 1 }],
    [-1.0, { up: -1, down: -1, half_up: -1, half_down: -1, half_even: -1 }],
    [-1.1, { up: -2, down: -1, half_up: -1, half_down: -1, half_even: -1 }],
    [-1.6, { up: -2, down: -1, half_up: -2, half_down: -2, half_even: -2 }],
    [-2.5, { up: -3, down: -2, half_up: -3, half_down: -2, half_even: -2 }],
    [-5.5, { up: -6, down: -5, half_up: -6, half_down: -5, half_even: -6 }],
  ];
  const cases = table.flatMap(([input, byMode]) =>
    modes.map((mode) => ({ input, mode, expected: byMode[mode], tenths: Math.round(input * 10) })),
  );

  it.each(cases)("rounds $input to $expected under $mode", ({ tenths, mode, expected }) => {
    expect(applyRate(usd(tenths), 100_000, mode)).toEqual(usd(expected));
  });

  it("computes 20 % of 19.99 as 4.00 with half_even", () => {
    expect(applyRate(usd(1999), 200_000, "half_even")).toEqual(usd(400));
  });

  it("stays exact where a float product would round to the wrong minor unit", () => {
    // Exactly 4832973227644984.5111; Math.round(5420489212398425 * 891612 / 1e6) gives …984.
    expect(applyRate(usd(5420489212398425), 891_612, "half_up")).toEqual(usd(4832973227644985));
  });

  it("lands within half a minor unit of the exact value under the half modes", () => {
    fc.assert(
      fc.property(anyAmount, fc.integer({ min: 0, max: 1_000_000 }), anyMode, (amount, rate, mode) => {
        const result = BigInt(applyRate(usd(amount), rate, mode).amount);
        const error = result * 1_000_000n - BigInt(amount) * BigInt(rate); // in millionths
        const absError = error < 0n ? -error : error;
        if (mode.startsWith("half_")) expect(absError * 2n <= 1_000_000n).toBe(true);
        else expect(absError < 1_000_000n).toBe(true);
        // Symmetric around zero: a refund rounds to minus the charge.
        expect(applyRate(usd(-amount), rate, mode).amount).toBe(Number(-result));
      }),
      RUNS,
    );
  });

  it("rounds down toward zero and up away from zero", () => {
    fc.assert(
      fc.property(anyAmount, fc.integer({ min: 0, max: 1_000_000 }), (amount, rate) => {
        const exact = BigInt(amount) * BigInt(rate);
        const downward = BigInt(applyRate(usd(amount), rate, "down").amount) * 1_000_000n;
        const upward = BigInt(applyRate(usd(amount), rate, "up").amount) * 1_000_000n;
        const abs = (n: bigint) => (n < 0n ? -n : n);
        expect(abs(downward) <= abs(exact)).toBe(true);
        expect(abs(upward) >= abs(exact)).toBe(true);
      }),
      RUNS,
    );
  });

  it("refuses negative and fractional rates", () => {
    expect(() => applyRate(usd(100), -1, "half_up")).toThrow(RangeError);
    expect(() => applyRate(usd(100), 0.5, "half_up")).toThrow(RangeError);
  });

  it("refuses an unknown rounding mode", () => {
    expect(() => applyRate(usd(100), 1, "nearest" as RoundingMode)).toThrow(RangeError);
  });

  it("throws a RangeError when the result leaves the safe integer range", () => {
    expect(() => applyRate(usd(MAX), 2_000_000, "down")).toThrow(RangeError);
  });
});

describe("extractInclusiveTax", () => {
  it("splits 1.20 at 20 % into 1.00 net and 0.20 tax", () => {
    expect(extractInclusiveTax(usd(120), 200_000, "half_even")).toEqual({ net: usd(100), tax: usd(20) });
  });

  it("rounds the tax of a yen price by the named mode", () => {
    // 1000 × 0.1 / 1.1 = 90.909…
    expect(extractInclusiveTax(money(1000, "JPY"), 100_000, "half_up").tax).toEqual(money(91, "JPY"));
    expect(extractInclusiveTax(money(1000, "JPY"), 100_000, "down").tax).toEqual(money(90, "JPY"));
  });

  it("returns a net and tax that add up to the gross for JPY, USD and KWD", () => {
    fc.assert(
      fc.property(
        anyCurrency,
        anyAmount,
        fc.integer({ min: 0, max: 5_000_000 }),
        anyMode,
        (currency, amount, rate, mode) => {
          const gross = money(amount, currency);
          const { net, tax } = extractInclusiveTax(gross, rate, mode);
          expect(add(net, tax)).toEqual(gross);
          // The tax is the exact tax rounded: within one minor unit of gross × r / (1 + r).
          const error = BigInt(tax.amount) * (1_000_000n + BigInt(rate)) - BigInt(amount) * BigInt(rate);
          expect((error < 0n ? -error : error) < 1_000_000n + BigInt(rate)).toBe(true);
        },
      ),
      RUNS,
    );
  });
});

describe("decimal strings", () => {
  it.each([
    ["19.99", "USD", 1999],
    ["19.9", "USD", 1990],
    ["19", "USD", 1900],
    ["0.05", "USD", 5],
    ["-0.05", "USD", -5],
    ["1000", "JPY", 1000],
    ["-1000", "JPY", -1000],
    ["1.234", "KWD", 1234],
    ["0.001", "KWD", 1],
  ])("parses %s %s as %i minor units", (text, currency, amount) => {
    expect(fromDecimalString(text, currency)).toEqual(money(amount, currency));
  });

  it.each([
    [1999, "USD", "19.99"],
    [5, "USD", "0.05"],
    [-5, "USD", "-0.05"],
    [0, "USD", "0.00"],
    [1000, "JPY", "1000"],
    [-1, "JPY", "-1"],
    [1234, "KWD", "1.234"],
    [1, "KWD", "0.001"],
  ])("formats %i %s as %s", (amount, currency, text) => {
    expect(toDecimalString(money(amount, currency))).toBe(text);
  });

  it.each([
    ["19.999", "USD"],
    ["1.5", "JPY"],
    ["0.0001", "KWD"],
  ])("rejects %s because %s has fewer decimals", (text, currency) => {
    expect(() => fromDecimalString(text, currency)).toThrow(RangeError);
  });

  it.each(["", "abc", "1,00", "1e3", " 1", "+1", ".5", "5.", "0x10", "1.2.3", "Infinity"])(
    "rejects the malformed amount %j",
    (text) => {
      expect(() => fromDecimalString(text, "USD")).toThrow(SyntaxError);
    },
  );

  it("rejects an amount beyond the safe integer range", () => {
    expect(() => fromDecimalString("90071992547409.92", "USD")).toThrow(RangeError);
  });

  it("rejects an unsupported currency", () => {
    expect(() => fromDecimalString("1.00", "ABC")).toThrow(UnsupportedCurrencyError);
  });

  it("round-trips every safe amount through a decimal string in JPY, USD and KWD", () => {
    fc.assert(
      fc.property(anyCurrency, anyAmount, (currency, amount) => {
        const m = money(amount, currency);
        expect(fromDecimalString(toDecimalString(m), currency)).toEqual(m);
      }),
      RUNS,
    );
  });
});
