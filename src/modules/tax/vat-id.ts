import { checksums } from "./vat-id-checksums.ts";

// VAT ID formats per prefix (the digits after the two-letter prefix). Greece uses "EL", not
// its ISO code. Sources: European Commission VIES FAQ (number formats), HMRC for GB.
const formats: Record<string, RegExp> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[A-HJ-NP-Z0-9]{2}\d{9}$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^(\d{7}[A-W][A-I]?|\d[A-Z+*]\d{5}[A-W])$/,
  IT: /^\d{11}$/,
  LT: /^(\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{12}$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  GB: /^(\d{9}|\d{12}|GD[0-4]\d{2}|HA[5-9]\d{2})$/,
};

export type VatIdCheck =
  | { valid: true /** ISO 3166-1 country (GR for "EL"). */; country: string; normalized: string }
  | { valid: false; reason: "unknown_country" | "format" | "checksum" };

/**
 * Checks a VAT ID's country prefix, format and, where the country publishes one, its check
 * digits. Spaces, dots and dashes are ignored. A valid result means "well-formed", not
 * "registered": confirming registration needs a VIES or HMRC lookup.
 */
export function checkVatId(raw: string): VatIdCheck {
  const normalized = raw.toUpperCase().replace(/[\s.-]/g, "");
  const prefix = normalized.slice(0, 2);
  const body = normalized.slice(2);
  const format = Object.hasOwn(formats, prefix) ? formats[prefix] : undefined;
  if (!format) return { valid: false, reason: "unknown_country" };
  if (!format.test(body)) return { valid: false, reason: "format" };
  const checksum = Object.hasOwn(checksums, prefix) ? checksums[prefix] : undefined;
  if (checksum && !checksum(body)) return { valid: false, reason: "checksum" };
  return { valid: true, country: prefix === "EL" ? "GR" : prefix, normalized };
}
