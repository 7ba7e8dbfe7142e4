import { createHash, randomInt } from "node:crypto";

// Crockford-style alphabet: no I, L, O or U, so a code read aloud or typed from paper survives.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const GROUPS = 4;
const GROUP_LENGTH = 4;

/**
 * A new gift card code such as `GC-7KQ2-M9XD-3HTR-WP4B`: 16 characters of 5 bits = 80 random
 * bits from the CSPRNG, so guessing one among millions of cards takes ~2^57 tries.
 */
export function newGiftCardCode(): string {
  const groups = Array.from({ length: GROUPS }, () =>
    Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(""),
  );
  return `GC-${groups.join("-")}`;
}

/** Upper case without spaces, dashes or the `GC` prefix, so "gc-7kq2 m9xd…" finds the card. */
export function normalizeGiftCardCode(code: string): string {
  const compact = code.toUpperCase().replace(/[\s-]/g, "");
  return compact.startsWith("GC") && compact.length === 2 + GROUPS * GROUP_LENGTH
    ? compact.slice(2)
    : compact;
}

/**
 * What is stored and looked up: a SHA-256 of the normalized code. Lookups are one equality on an
 * indexed hash, so response time says nothing about how close a guess was.
 */
export function hashGiftCardCode(code: string): string {
  return createHash("sha256")
    .update(`gift_card:${normalizeGiftCardCode(code)}`)
    .digest("hex");
}

/** The last four characters, for support screens and e-mails; not enough to spend the card. */
export const giftCardCodeHint = (code: string): string => normalizeGiftCardCode(code).slice(-4);
