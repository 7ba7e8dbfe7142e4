import { describe, expect, it } from "vitest";
import { currencyExponent, isSupportedCurrency, UnsupportedCurrencyError } from "./currency.ts";

describe("currencies", () => {
  it.each([
    ["JPY", 0],
    ["KRW", 0],
    ["USD", 2],
    ["EUR", 2],
    ["KWD", 3],
    ["BHD", 3],
    ["OMR", 3],
    ["JOD", 3],
    ["TND", 3],
  ])("gives %s an exponent of %i from ISO 4217", (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
  });

  it.each(["ABC", "XXX", "usd", "", "constructor", "toString", "MGA"])("does not support %j", (code) => {
    expect(isSupportedCurrency(code)).toBe(false);
    expect(() => currencyExponent(code)).toThrow(UnsupportedCurrencyError);
  });
});
