import { randomBytes, randomUUID } from "node:crypto";

/**
 * Row ids are UUIDv7-style: time-ordered so inserts stay local in B-tree indexes,
 * random enough that they cannot be guessed. Prefixes tell a reader what an id points at.
 */
export function newId(prefix: string): string {
  const ms = BigInt(Date.now());
  const bytes = Buffer.from(randomUUID().replaceAll("-", ""), "hex");
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70; // version 7
  return `${prefix}_${bytes.toString("hex")}`;
}

/** A bearer secret (cart tokens, API keys): 32 random bytes, URL-safe. Never derived from ids. */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}
