import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamptz } from "../../shared/db/columns.ts";
import type { PostalAddress } from "../addresses/index.ts";

/** A shopper's account. The email is kept lower-cased, so one address is one account. */
export const customers = pgTable("customers", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  /** argon2id, PHC string (algorithm, parameters and salt inside); never the password. */
  passwordHash: text("password_hash").notNull(),
  /** Set once the shopper proved they read this mailbox; guest orders are claimed only then. */
  emailVerifiedAt: timestamptz("email_verified_at"),
  /** B2B: the price list group the account buys at (e.g. "wholesale"); null for retail. */
  customerGroup: text("customer_group"),
  createdAt: timestamptz("created_at").notNull(),
  updatedAt: timestamptz("updated_at").notNull(),
});

/** A signed-in browser or API client. Only the SHA-256 of its token is kept (a leak opens nothing). */
export const customerSessions = pgTable(
  "customer_sessions",
  {
    id: text("id").primaryKey(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    createdAt: timestamptz("created_at").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
    /** Set by sign-out and by a password reset; a revoked session never opens again. */
    revokedAt: timestamptz("revoked_at"),
  },
  (t) => [index("customer_sessions_customer_idx").on(t.customerId)],
);

export type OneTimeTokenPurpose = "password_reset" | "email_verification";

/** Emailed single-use links (password reset, email verification): hashed, expiring, used once. */
export const customerTokens = pgTable(
  "customer_tokens",
  {
    id: text("id").primaryKey(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ["password_reset", "email_verification"] }).notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamptz("created_at").notNull(),
    expiresAt: timestamptz("expires_at").notNull(),
    usedAt: timestamptz("used_at"),
  },
  (t) => [uniqueIndex("customer_tokens_hash_unique").on(t.purpose, t.tokenHash)],
);

/**
 * Failed sign-ins, one row each, keyed by a hash of the email or of the client IP. Counting rows
 * in the database makes the lockout hold across any number of API processes.
 */
export const signInFailures = pgTable(
  "sign_in_failures",
  {
    id: text("id").primaryKey(),
    /** "email:<sha256>" or "ip:<sha256>": hashed, because both are personal data (G17). */
    key: text("key").notNull(),
    at: timestamptz("at").notNull(),
  },
  (t) => [index("sign_in_failures_key_at_idx").on(t.key, t.at)],
);

/** Addresses a customer saved for later checkouts, validated by the addresses module. */
export const customerAddresses = pgTable(
  "customer_addresses",
  {
    id: text("id").primaryKey(),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    address: jsonb("address").$type<PostalAddress>().notNull(),
    createdAt: timestamptz("created_at").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
  },
  (t) => [index("customer_addresses_customer_idx").on(t.customerId, t.createdAt)],
);

/**
 * B2B terms of an account: whether it may pay by purchase order, and in how many days its
 * invoices fall due (net 30). Credit limits per currency are kept by the payments module, which
 * consumes them atomically at checkout; this module's Admin API sets both.
 */
export const customerPaymentTerms = pgTable("customer_payment_terms", {
  customerId: text("customer_id")
    .primaryKey()
    .references(() => customers.id),
  purchaseOrders: boolean("purchase_orders").notNull(),
  netDays: integer("net_days").notNull(),
  updatedAt: timestamptz("updated_at").notNull(),
});
