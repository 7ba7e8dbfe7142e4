import * as iso4217 from "dinero.js/currencies";

/** An ISO 4217 alphabetic code such as "USD"; plain so it flows from the wire and the database. */
export type CurrencyCode = string;

/** Thrown when a code is not one of the currencies Cartwright prices in (a bug or bad config). */
export class UnsupportedCurrencyError extends RangeError {
  constructor(readonly currency: string) {
    super(`Unsupported currency: ${JSON.stringify(currency)}`);
    this.name = "UnsupportedCurrencyError";
  }
}

// Exponents come from dinero.js's ISO 4217 table, so they follow the standard rather than memory.
// MGA and MRU are left out: their minor unit is a fifth (base 5), which no decimal string or
// PSP amount describes; supporting them needs a deliberate decision, not a silent `10 ** 1`.
const exponents: ReadonlyMap<CurrencyCode, number> = new Map(
  Object.values(iso4217)
    .filter((c) => c.base === 10)
    .map((c) => [c.code, c.exponent] as const),
);

/** True when `code` is an ISO 4217 currency with decimal minor units (case-sensitive: "USD"). */
export function isSupportedCurrency(code: string): code is CurrencyCode {
  return exponents.has(code);
}

/** Number of decimal digits of the minor unit: JPY 0, USD 2, KWD 3. Throws for unsupported codes. */
export function currencyExponent(code: CurrencyCode): number {
  const exponent = exponents.get(code);
  if (exponent === undefined) throw new UnsupportedCurrencyError(code);
  return exponent;
}

/** Throws `UnsupportedCurrencyError` unless `code` is supported. */
export function assertSupportedCurrency(code: string): asserts code is CurrencyCode {
  if (!exponents.has(code)) throw new UnsupportedCurrencyError(code);
}
