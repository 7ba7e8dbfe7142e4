// Money: integer minor units with an ISO 4217 currency, exact rates with named rounding, and
// sum-preserving splits. Not here: prices, tax rules or FX sources (their modules own those).
export { allocate } from "./allocate.ts";
export {
  assertSupportedCurrency,
  type CurrencyCode,
  currencyExponent,
  isSupportedCurrency,
  UnsupportedCurrencyError,
} from "./currency.ts";
export {
  add,
  applyRate,
  CurrencyMismatchError,
  compare,
  equals,
  extractInclusiveTax,
  fromDecimalString,
  isZero,
  type Money,
  money,
  multiply,
  subtract,
  sum,
  toDecimalString,
  zero,
} from "./money.ts";
export { divideRounded, type RoundingMode } from "./rounding.ts";
