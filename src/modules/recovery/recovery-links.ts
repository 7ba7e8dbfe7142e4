import { createHmac, timingSafeEqual } from "node:crypto";
import { fail, ok, type Result } from "../../shared/failure.ts";
import type { StoreProfile } from "../notifications/index.ts";

/**
 * Restore and unsubscribe links carry an HMAC-SHA256 of what they name, keyed by the recovery
 * secret and a purpose label, so a restore signature never works as an unsubscribe one. They
 * never carry the cart token (the table keeps only its hash): restoring issues a new one.
 */

const mac = (secret: string, purpose: string, body: string) =>
  createHmac("sha256", secret).update(`${purpose}\n${body}`).digest("base64url");

function sameMac(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const invalid = () =>
  fail<never>(
    "recovery_link_invalid",
    "This link is not valid: it was changed or cut short. Use the link from the email.",
  );

/** `<cartId>.<expiry in epoch seconds>.<mac>` */
export function signRestoreToken(secret: string, cartId: string, expiresAt: Date): string {
  const body = `${cartId}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${body}.${mac(secret, "cart-restore", body)}`;
}

/** The cart a restore token names, if its signature holds and it has not expired. */
export function verifyRestoreToken(secret: string, token: string, now: Date): Result<{ cartId: string }> {
  const parts = token.split(".");
  if (parts.length !== 3) return invalid();
  const [cartId, expiry, signature] = parts as [string, string, string];
  if (!/^[\w-]{1,64}$/.test(cartId) || !/^\d{1,12}$/.test(expiry)) return invalid();
  if (!sameMac(signature, mac(secret, "cart-restore", `${cartId}.${expiry}`))) return invalid();
  if (Number(expiry) * 1000 <= now.getTime())
    return fail(
      "recovery_link_expired",
      "This link has expired. Your cart may still be there: add the items again.",
    );
  return ok({ cartId });
}

/** `<email, base64url>.<mac>`: no expiry, an unsubscribe link must keep working. */
export function signUnsubscribeToken(secret: string, email: string): string {
  const body = Buffer.from(email.toLowerCase()).toString("base64url");
  return `${body}.${mac(secret, "unsubscribe", body)}`;
}

export function verifyUnsubscribeToken(secret: string, token: string): Result<{ email: string }> {
  const parts = token.split(".");
  if (parts.length !== 2) return invalid();
  const [body, signature] = parts as [string, string];
  if (!sameMac(signature, mac(secret, "unsubscribe", body))) return invalid();
  return ok({ email: Buffer.from(body, "base64url").toString("utf8") });
}

// Tokens ride in the URL fragment, which browsers never send to a server or in a Referer.
const base = (store: StoreProfile) => store.url.replace(/\/+$/, "");
export const restoreLink = (store: StoreProfile, token: string) =>
  `${base(store)}/cart/restore#token=${encodeURIComponent(token)}`;
export const unsubscribeLink = (store: StoreProfile, token: string) =>
  `${base(store)}/cart/unsubscribe#token=${encodeURIComponent(token)}`;
