import { assertSupportedCurrency, type CurrencyCode, currencyExponent } from "./currency.ts";
import { divideRounded, type RoundingMode } from "./rounding.ts";

/** An amount in integer minor units (cents, yen, fils) of one currency. Frozen; never mutate. */
export interface Money {
  readonly amount: number;
  readonly currency: CurrencyCode;
}

/** Thrown when an operation is given amounts in two currencies: always a bug, never converted. */
export class CurrencyMismatchError extends Error {
  constructor(
    readonly expected: CurrencyCode,
    readonly actual: CurrencyCode,
  ) {
    super(`Currency mismatch: expected ${expected}, got ${actual}`);
    this.name = "CurrencyMismatchError";
  }
}

/** Rates are integers in parts per million: 200_000 is 20 %, 1_000_000 is 100 %. */
const PPM = 1_000_000n;

function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${value}`);
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new CurrencyMismatchError(a.currency, b.currency);
}

function fromBigInt(amount: bigint, currency: CurrencyCode): Money {
  if (amount > BigInt(Number.MAX_SAFE_INTEGER) || amount < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`Amount ${amount} ${currency} is outside the safe integer range`);
  }
  return money(Number(amount), currency);
}

/** Creates a Money from integer minor units: `money(1999, "USD")` is $19.99. Throws on bad input. */
export function money(amount: number, currency: CurrencyCode): Money {
  assertSupportedCurrency(currency);
  assertSafeInteger(amount, "Amount");
  // -0 would make Object.is and JSON snapshots disagree with ===; there is only one zero.
  return Object.freeze({ amount: amount === 0 ? 0 : amount, currency });
}

export function zero(currency: CurrencyCode): Money {
  return money(0, currency);
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

/** `m × quantity` for an integer quantity (a line's unit price times its quantity). */
export function multiply(m: Money, quantity: number): Money {
  assertSafeInteger(quantity, "Quantity");
  // An inexact float product is beyond 2^53, so money() rejects it rather than rounding silently.
  return money(m.amount * quantity, m.currency);
}

/** Sum of `list`, all in `currency`; the currency is explicit so an empty list has a total. */
export function sum(currency: CurrencyCode, list: readonly Money[]): Money {
  return list.reduce(add, zero(currency));
}

export function isZero(m: Money): boolean {
  return m.amount === 0;
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`; both in one currency. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  assertSameCurrency(a, b);
  return a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0;
}

/** Same amount and currency. Different currencies are unequal rather than an error. */
export function equals(a: Money, b: Money): boolean {
  return a.currency === b.currency && a.amount === b.amount;
}

/** `m × ratePpm / 1,000,000` rounded by `mode`, computed exactly: a tax, discount or FX rate. */
export function applyRate(m: Money, ratePpm: number, mode: RoundingMode): Money {
  assertRate(ratePpm);
  return fromBigInt(divideRounded(BigInt(m.amount) * BigInt(ratePpm), PPM, mode), m.currency);
}

/**
 * Splits a tax-inclusive `gross` into net and tax at `ratePpm`: tax = gross × r / (1 + r) rounded
 * by `mode`, and net is the rest, so `net + tax === gross` always holds.
 */
export function extractInclusiveTax(
  gross: Money,
  ratePpm: number,
  mode: RoundingMode,
): { net: Money; tax: Money } {
  assertRate(ratePpm);
  const rate = BigInt(ratePpm);
  const tax = fromBigInt(divideRounded(BigInt(gross.amount) * rate, PPM + rate, mode), gross.currency);
  return { net: subtract(gross, tax), tax };
}

function assertRate(ratePpm: number): void {
  assertSafeInteger(ratePpm, "Rate (ppm)");
  if (ratePpm < 0) throw new RangeError(`Rate (ppm) must not be negative, got ${ratePpm}`);
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Parses "19.99" into 1999 USD by string arithmetic. Rejects more decimals than the currency has. */
export function fromDecimalString(text: string, currency: CurrencyCode): Money {
  const exponent = currencyExponent(currency);
  const match = DECIMAL.exec(text);
  if (!match) throw new SyntaxError(`Not a decimal amount: ${JSON.stringify(text)}`);
  const [, sign, whole = "", fraction = ""] = match;
  if (fraction.length > exponent) {
    throw new RangeError(`${JSON.stringify(text)} has more than ${exponent} decimals for ${currency}`);
  }
  const minor = BigInt(`${whole}${fraction.padEnd(exponent, "0")}`);
  return fromBigInt(sign === "-" ? -minor : minor, currency);
}

/** Formats 1999 USD as "19.99" and 1000 JPY as "1000": no grouping, no symbol, "-" for negatives. */
export function toDecimalString(m: Money): string {
  const exponent = currencyExponent(m.currency);
  // A safe integer's String() is plain digits (no exponent notation below 1e21).
  const digits = String(Math.abs(m.amount)).padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${m.amount < 0 ? "-" : ""}${whole}${exponent > 0 ? `.${fraction}` : ""}`;
}
