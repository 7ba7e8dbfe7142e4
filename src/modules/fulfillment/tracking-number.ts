import { createHash } from "node:crypto";

/** UPU S10 weights for the 8 serial digits. */
const weights = [8, 6, 4, 2, 3, 5, 9, 7];

/** The S10 check digit of an 8-digit serial: 11 − (weighted sum mod 11), with 10 → 0 and 11 → 5. */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new Error("an S10 serial has 8 digits");
  const sum = [...serial].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

/**
 * A tracking number in the UPU S10 shape postal carriers use (`LT123456785US`): service
 * letters, 8 digits, a check digit, origin country. Derived from a seed (the shipment id), so
 * asking twice for the same parcel gives the same number.
 */
export function s10TrackingNumber(seed: string, service: string, country: string): string {
  const digest = createHash("sha256").update(seed).digest();
  const serial = String(digest.readUInt32BE(0) % 100_000_000).padStart(8, "0");
  return `${service}${serial}${s10CheckDigit(serial)}${country}`;
}

/** Whether a tracking number has the S10 shape and a correct check digit. */
export function isValidS10(trackingNumber: string): boolean {
  const m = /^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$/.exec(trackingNumber);
  return m !== null && s10CheckDigit(m[1]!) === Number(m[2]);
}
