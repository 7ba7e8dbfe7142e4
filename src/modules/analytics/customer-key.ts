import { createHash } from "node:crypto";

/**
 * A pseudonymous key per shopper email: enough to tell a new customer from a returning one
 * without copying personal data into the analytics tables (G17).
 */
export function customerKeyOf(email: string | null | undefined): string | null {
  const normalized = email?.trim().toLowerCase();
  return normalized ? createHash("sha256").update(normalized).digest("hex") : null;
}
