/**
 * ISO 11649 structured creditor references ("RF" + 2 check digits + up to 21 letters and
 * digits). The check digits are ISO 7064 MOD 97-10, the same scheme as IBANs: a mistyped or
 * swapped character in a bank transfer's remittance field is caught before it is matched.
 */

const BODY = /^[A-Z0-9]{1,21}$/;

/** Builds the reference for `body` (letters and digits, at most 21), e.g. "1001" → "RF531001". */
export function creditorReference(body: string): string {
  const clean = body.toUpperCase();
  if (!BODY.test(clean)) throw new RangeError(`Not a creditor reference body: ${JSON.stringify(body)}`);
  const check = 98 - mod97(`${clean}RF00`);
  return `RF${String(check).padStart(2, "0")}${clean}`;
}

/** True when `text` (spaces allowed, any case) is a well-formed reference with valid check digits. */
export function isValidCreditorReference(text: string): boolean {
  const ref = text.replace(/\s+/g, "").toUpperCase();
  if (!/^RF\d{2}[A-Z0-9]{1,21}$/.test(ref)) return false;
  return mod97(`${ref.slice(4)}${ref.slice(0, 4)}`) === 1;
}

/** Groups of four, as printed on invoices and typed into banking apps: "RF53 1001". */
export function formatCreditorReference(ref: string): string {
  return ref.replace(/(.{4})(?=.)/g, "$1 ");
}

/**
 * The valid references written in free remittance text, spaces removed ("Order RF53 1001 thx").
 * A match may run into the words after it, so each candidate is shortened until its check digits
 * hold: the longest valid prefix wins.
 */
export function findCreditorReferences(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.toUpperCase().matchAll(/RF\s?\d\s?\d(?:\s?[A-Z0-9]){1,21}/g)) {
    const compact = match[0].replace(/\s+/g, "");
    for (let end = compact.length; end > 4; end--) {
      const candidate = compact.slice(0, end);
      if (isValidCreditorReference(candidate)) {
        found.add(candidate);
        break;
      }
    }
  }
  return [...found];
}

/** The remainder mod 97 of the number spelt by `s`, letters as 10..35, digit by digit (no bigint). */
function mod97(s: string): number {
  let rest = 0;
  for (const ch of s) {
    const value = Number.parseInt(ch, 36);
    rest = value > 9 ? (rest * 100 + value) % 97 : (rest * 10 + value) % 97;
  }
  return rest;
}
