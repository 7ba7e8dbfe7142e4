import { currencyExponent, divideRounded } from "../../../shared/money/index.ts";

/**
 * Price conversion between currencies with exact decimal rates and per-currency rounding rules.
 * Pure and float-free: a rate is a decimal string turned into a ratio of bigints (G1).
 */

/** How converted prices land in a currency: on `k × increment + ending` minor units (k ≥ 0). */
export interface RoundingRule {
  increment: number;
  ending: number;
  mode: "nearest" | "up" | "down";
}

/** To the minor unit, ties away from zero: what a currency without its own rule gets. */
export const exactRounding: RoundingRule = { increment: 1, ending: 0, mode: "nearest" };

const decimalPattern = /^(\d{1,12})(?:\.(\d{1,12}))?$/;

/** A positive decimal string ("0.3071", "151.25") as numerator / denominator; undefined if invalid. */
export function parseRate(rate: string): { numerator: bigint; denominator: bigint } | undefined {
  const match = decimalPattern.exec(rate.trim());
  if (!match) return undefined;
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  const numerator = BigInt(match[1]! + fraction);
  if (numerator === 0n) return undefined;
  return { numerator, denominator: 10n ** BigInt(fraction.length) };
}

/** True when the rule is usable: a positive increment and an ending below it. */
export function isValidRoundingRule(rule: RoundingRule): boolean {
  return (
    Number.isSafeInteger(rule.increment) &&
    rule.increment >= 1 &&
    Number.isSafeInteger(rule.ending) &&
    rule.ending >= 0 &&
    rule.ending < rule.increment
  );
}

/**
 * Converts `amount` minor units of `from` into `to` at `rate` (units of `to` per unit of `from`)
 * and rounds with `rule`. The exact value is amount × rate × 10^(exp(to) − exp(from)), so
 * exponents (JPY 0, USD 2, KWD 3) are never mixed up. Zero stays zero: a free item is not
 * charm-priced to 0.99. Throws on an invalid rate or rule (validated where they are set).
 */
export function convertPrice(
  amount: number,
  from: string,
  to: string,
  rate: string,
  rule: RoundingRule = exactRounding,
): number {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`Not a price: ${amount}`);
  const parsed = parseRate(rate);
  if (!parsed) throw new RangeError(`Not a rate: ${rate}`);
  if (!isValidRoundingRule(rule)) throw new RangeError(`Not a rounding rule: ${JSON.stringify(rule)}`);
  if (amount === 0) return 0;
  const shift = currencyExponent(to) - currencyExponent(from);
  let numerator = BigInt(amount) * parsed.numerator;
  let denominator = parsed.denominator;
  if (shift >= 0) numerator *= 10n ** BigInt(shift);
  else denominator *= 10n ** BigInt(-shift);
  const result = roundToRule(numerator, denominator, rule);
  if (result > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError("Converted price is too large");
  return Number(result);
}

/** The candidate k × increment + ending (k ≥ 0) nearest to, above or below numerator/denominator. */
function roundToRule(numerator: bigint, denominator: bigint, rule: RoundingRule): bigint {
  const increment = BigInt(rule.increment);
  const ending = BigInt(rule.ending);
  // Work in steps above `ending`: x = ending + s × increment, with s exact as a ratio.
  const stepNumerator = numerator - ending * denominator;
  const stepDenominator = denominator * increment;
  if (stepNumerator <= 0n) return ending; // below the first candidate: it is the only sensible one
  const mode = rule.mode === "nearest" ? "half_up" : rule.mode;
  const steps = divideRounded(stepNumerator, stepDenominator, mode);
  return ending + steps * increment;
}

/**
 * Converts a presentment amount back to the base currency at the same rate, to the minor unit
 * (half up): the settlement figure an order records next to what the shopper paid.
 */
export function toSettlement(amount: number, presentment: string, base: string, rate: string): number {
  const parsed = parseRate(rate);
  if (!parsed) throw new RangeError(`Not a rate: ${rate}`);
  const shift = currencyExponent(base) - currencyExponent(presentment);
  let numerator = BigInt(amount) * parsed.denominator;
  let denominator = parsed.numerator;
  if (shift >= 0) numerator *= 10n ** BigInt(shift);
  else denominator *= 10n ** BigInt(-shift);
  return Number(divideRounded(numerator, denominator, "half_up"));
}
