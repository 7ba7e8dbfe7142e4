import { calculator, down, halfAwayFromZero, halfEven, halfTowardsZero, up } from "dinero.js/bigint";

/**
 * How a quotient that falls between two minor units is rounded. Every mode is symmetric around
 * zero, so a refund rounds to the exact negative of the charge it undoes:
 * - `half_up`: nearest, ties away from zero (2.5 → 3, -2.5 → -3): commercial rounding.
 * - `half_down`: nearest, ties toward zero (2.5 → 2, -2.5 → -2).
 * - `half_even`: nearest, ties to the even neighbour (2.5 → 2, 3.5 → 4): banker's rounding.
 * - `up`: away from zero (2.1 → 3, -2.1 → -3).
 * - `down`: toward zero, i.e. truncation (2.9 → 2, -2.9 → -2).
 */
export type RoundingMode = "half_up" | "half_down" | "half_even" | "up" | "down";

// dinero.js's operations applied to a non-negative magnitude; the sign is restored afterwards.
// (Its own `up`/`down` are ceiling/floor, which would make negative amounts round differently.)
const roundMagnitude = {
  half_up: halfAwayFromZero,
  half_down: halfTowardsZero,
  half_even: halfEven,
  up,
  down,
} as const satisfies Record<RoundingMode, unknown>;

/** `numerator / denominator` rounded to an integer by `mode`, exactly (no floats). */
export function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  if (denominator <= 0n) throw new RangeError("The denominator must be positive");
  if (!Object.hasOwn(roundMagnitude, mode)) throw new RangeError(`Unknown rounding mode: ${String(mode)}`);
  const round = roundMagnitude[mode];
  const magnitude = round(numerator < 0n ? -numerator : numerator, denominator, calculator);
  return numerator < 0n ? -magnitude : magnitude;
}
