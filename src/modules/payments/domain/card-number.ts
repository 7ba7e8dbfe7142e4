/**
 * Pure card-number rules for the test processor's hosted fields: Luhn, brand by IIN, expiry and
 * CVC length. Nothing here stores or logs a number; callers keep only brand and last 4 (G15).
 */

export type CardBrand = "visa" | "mastercard" | "amex" | "discover" | "jcb" | "diners" | "unionpay";

/** True when `digits` (only 0-9) passes the Luhn mod-10 check. */
export function isLuhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** IIN ranges and valid lengths per brand; order matters (UnionPay's 62 before Discover's 622…). */
const brandRules: { brand: CardBrand; matches: (n: string) => boolean; lengths: number[] }[] = [
  { brand: "amex", matches: (n) => /^3[47]/.test(n), lengths: [15] },
  { brand: "diners", matches: (n) => /^(30[0-5]|309|36|3[89])/.test(n), lengths: [14, 15, 16, 17, 18, 19] },
  { brand: "jcb", matches: (n) => inPrefixRange(n, 4, 3528, 3589), lengths: [16, 17, 18, 19] },
  { brand: "visa", matches: (n) => n.startsWith("4"), lengths: [13, 16, 19] },
  {
    brand: "mastercard",
    matches: (n) => inPrefixRange(n, 2, 51, 55) || inPrefixRange(n, 4, 2221, 2720),
    lengths: [16],
  },
  { brand: "unionpay", matches: (n) => n.startsWith("62") && !isDiscoverIin(n), lengths: [16, 17, 18, 19] },
  { brand: "discover", matches: isDiscoverIin, lengths: [16, 17, 18, 19] },
];

function inPrefixRange(n: string, size: number, low: number, high: number): boolean {
  if (n.length < size) return false;
  const prefix = Number(n.slice(0, size));
  return prefix >= low && prefix <= high;
}

function isDiscoverIin(n: string): boolean {
  return (
    n.startsWith("6011") ||
    n.startsWith("65") ||
    inPrefixRange(n, 3, 644, 649) ||
    inPrefixRange(n, 6, 622126, 622925)
  );
}

/** The brand a number belongs to by its issuer prefix, or undefined when none matches. */
export function brandOf(digits: string): { brand: CardBrand; lengths: number[] } | undefined {
  const rule = brandRules.find((r) => r.matches(digits));
  return rule && { brand: rule.brand, lengths: rule.lengths };
}

export interface CardInput {
  cardNumber: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export interface CardFieldError {
  field: keyof CardInput;
  code: string;
  message: string;
}

export type CheckedCard =
  | { ok: true; digits: string; brand: CardBrand; last4: string }
  | { ok: false; errors: CardFieldError[] };

/**
 * Checks what a hosted card form checks before tokenizing. `now` is the injected clock's time:
 * a card is valid through the last day of its expiry month (compared in UTC).
 */
export function checkCard(input: CardInput, now: Date): CheckedCard {
  const errors: CardFieldError[] = [];
  const digits = input.cardNumber.replace(/[\s-]/g, "");
  const brand = /^\d{12,19}$/.test(digits) ? brandOf(digits) : undefined;
  if (!/^\d{12,19}$/.test(digits)) {
    errors.push({ field: "cardNumber", code: "invalid_number", message: "must be 12 to 19 digits" });
  } else if (!isLuhnValid(digits)) {
    errors.push({ field: "cardNumber", code: "invalid_number", message: "is not a valid card number" });
  } else if (!brand) {
    errors.push({ field: "cardNumber", code: "unsupported_brand", message: "is not a card brand we accept" });
  } else if (!brand.lengths.includes(digits.length)) {
    errors.push({
      field: "cardNumber",
      code: "invalid_number",
      message: `has the wrong length for ${brand.brand}`,
    });
  }
  const year = input.expYear < 100 ? 2000 + input.expYear : input.expYear;
  if (!Number.isInteger(input.expMonth) || input.expMonth < 1 || input.expMonth > 12) {
    errors.push({ field: "expMonth", code: "invalid_expiry_month", message: "must be 1 to 12" });
  } else if (year * 12 + input.expMonth < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) {
    errors.push({ field: "expYear", code: "expired", message: "the card has expired" });
  }
  const cvcLength = brand?.brand === "amex" ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(input.cvc)) {
    errors.push({ field: "cvc", code: "invalid_cvc", message: `must be ${cvcLength} digits` });
  }
  if (errors.length > 0 || !brand) return { ok: false, errors };
  return { ok: true, digits, brand: brand.brand, last4: digits.slice(-4) };
}
