import { pgTable, text } from "drizzle-orm/pg-core";
import { timestamptz } from "../../shared/db/columns.ts";

/** Merchant API keys. Only a SHA-256 of the secret is stored; the secret is shown once. */
export const apiKeys = pgTable("api_keys", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  secretHash: text("secret_hash").notNull().unique(),
  /** First characters of the secret, so a merchant can tell keys apart. */
  hint: text("hint").notNull(),
  scopes: text("scopes").array().notNull(),
  createdAt: timestamptz("created_at").notNull(),
  revokedAt: timestamptz("revoked_at"),
});
