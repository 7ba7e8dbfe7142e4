import { createHash } from "node:crypto";

/**
 * SHA-256 of a bearer secret (session token, emailed link token). Secrets are 32 random bytes,
 * so a fast unsalted hash is enough: what a leaked table holds opens nothing and cannot be
 * guessed back. Lookups go by the hash, so no stored secret is ever compared byte by byte.
 */
export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");
