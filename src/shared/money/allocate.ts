import { type Money, money } from "./money.ts";

/**
 * Splits `total` in proportion to `weights` by the largest-remainder method: each part gets
 * floor(|total| × w / W), then the leftover minor units go one each to the largest remainders
 * (ties to the earliest index). Parts always sum to `total` exactly, each is within one minor unit
 * of its exact share, and a zero weight gets 0. Negative totals split like their magnitude, negated.
 * All-zero weights split evenly, since there is no proportion to follow and dropping the total
 * would break the sum. Weights are non-negative integers (bigint for huge ones); math is BigInt.
 */
export function allocate(total: Money, weights: readonly (number | bigint)[]): Money[] {
  if (weights.length === 0) throw new RangeError("allocate needs at least one weight");
  const given = weights.map(toWeight);
  const weightSum = given.reduce((a, b) => a + b, 0n);
  const effective = weightSum === 0n ? given.map(() => 1n) : given;
  const denominator = weightSum === 0n ? BigInt(given.length) : weightSum;

  const magnitude = BigInt(Math.abs(total.amount));
  const parts = effective.map((w) => (magnitude * w) / denominator);
  const remainders = effective.map((w) => (magnitude * w) % denominator);
  let leftover = magnitude - parts.reduce((a, b) => a + b, 0n);

  // Stable order: larger remainder first, then earlier index.
  const byRemainder = remainders
    .map((remainder, index) => ({ remainder, index }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder) {
    if (leftover === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    leftover -= 1n;
  }

  const sign = total.amount < 0 ? -1 : 1;
  return parts.map((part) => money(sign * Number(part), total.currency));
}

function toWeight(weight: number | bigint, index: number): bigint {
  if (typeof weight === "number" && !Number.isSafeInteger(weight)) {
    throw new RangeError(`Weight ${index} must be a safe integer (use bigint for larger), got ${weight}`);
  }
  const w = BigInt(weight);
  if (w < 0n) throw new RangeError(`Weight ${index} must not be negative, got ${weight}`);
  return w;
}
