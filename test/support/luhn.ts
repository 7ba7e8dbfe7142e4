/** Luhn check for test scans, written apart from src/ so a bug there cannot hide itself here. */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[digits.length - 1 - i]);
    sum += i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
  }
  return sum % 10 === 0;
}

/**
 * Card-number-shaped runs in a text: 12–19 digits standing alone (not inside an id such as
 * `ord_01a2025111247204…`, whose hex may hold long digit runs) that pass the Luhn check.
 */
export function cardNumbersIn(text: string): string[] {
  return [...text.matchAll(/(?<![0-9A-Za-z_])\d{12,19}(?![0-9A-Za-z_])/g)]
    .map((m) => m[0])
    .filter(isLuhnValid);
}
