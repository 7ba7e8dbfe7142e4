import { createHash } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { newId, newSecret } from "../../shared/ids.ts";
import { apiKeys } from "./schema.ts";

export const allScopes = [
  "orders:read",
  "orders:write",
  "inventory:read",
  "inventory:write",
  "payments:write",
  "customers:read",
  "customers:write",
  "promotions:read",
  "promotions:write",
  "analytics:read",
  "fulfillment:read",
  "fulfillment:write",
  "shipping:read",
  "shipping:write",
  "webhooks:read",
  "webhooks:write",
  "catalog:read",
  "catalog:write",
] as const;
export type Scope = (typeof allScopes)[number];

export interface ApiKeyPrincipal {
  keyId: string;
  scopes: readonly string[];
}

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

/**
 * Creates a key and returns its secret, which is not stored and cannot be shown again.
 * A fast hash is enough here: the secret has 256 random bits, so it cannot be guessed offline.
 */
export async function createApiKey(
  db: Db,
  input: { name: string; scopes: readonly Scope[] },
  at: Date,
): Promise<{ id: string; secret: string }> {
  const id = newId("key");
  const secret = newSecret("cw_sk");
  await db.insert(apiKeys).values({
    id,
    name: input.name,
    secretHash: hashSecret(secret),
    hint: secret.slice(0, 10),
    scopes: [...input.scopes],
    createdAt: at,
  });
  return { id, secret };
}

/** Resolves a bearer secret to its key, or undefined when unknown or revoked. */
export async function authenticateApiKey(db: Db, secret: string): Promise<ApiKeyPrincipal | undefined> {
  const [row] = await db
    .select({ id: apiKeys.id, scopes: apiKeys.scopes })
    .from(apiKeys)
    .where(and(eq(apiKeys.secretHash, hashSecret(secret)), isNull(apiKeys.revokedAt)));
  return row && { keyId: row.id, scopes: row.scopes };
}

export async function hasAnyApiKey(db: Db): Promise<boolean> {
  const rows = await db.select({ id: apiKeys.id }).from(apiKeys).limit(1);
  return rows.length > 0;
}
