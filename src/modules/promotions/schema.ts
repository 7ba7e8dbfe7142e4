import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
} from "drizzle-orm/pg-core";
import { minorUnits, timestamptz } from "../../shared/db/columns.ts";
import type { PromotionRules } from "./domain/promotion-rules.ts";

/**
 * A promotion and its usage counter. `used` only moves by conditional updates at order placement,
 * and the check is the last line of defence for G11: no update can take it past the limit.
 */
export const promotions = pgTable(
  "promotions",
  {
    id: text("id").primaryKey(),
    label: text("label").notNull(),
    status: text("status", { enum: ["active", "disabled"] })
      .notNull()
      .default("active"),
    automatic: boolean("automatic").notNull(),
    priority: integer("priority").notNull().default(0),
    stacking: text("stacking", { enum: ["exclusive", "combinable"] }).notNull(),
    /** Conditions and effect, validated by domain/promotion-rules.ts before they are written. */
    rules: jsonb("rules").$type<PromotionRules>().notNull(),
    startsAt: timestamptz("starts_at"),
    endsAt: timestamptz("ends_at"),
    usageLimit: integer("usage_limit"),
    perCustomerLimit: integer("per_customer_limit"),
    used: integer("used").notNull().default(0),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [
    check(
      "promotion_used_within_limit",
      sql`${t.used} >= 0 and (${t.usageLimit} is null or ${t.used} <= ${t.usageLimit})`,
    ),
    check(
      "promotion_limits_positive",
      sql`coalesce(${t.usageLimit}, 1) > 0 and coalesce(${t.perCustomerLimit}, 1) > 0`,
    ),
    index("promotions_automatic_idx").on(t.automatic, t.status),
  ],
);

/** Codes that unlock a promotion. Unique case-insensitively: `normalized` is trimmed, upper case. */
export const promotionCodes = pgTable(
  "promotion_codes",
  {
    id: text("id").primaryKey(),
    promotionId: text("promotion_id")
      .notNull()
      .references(() => promotions.id),
    code: text("code").notNull(),
    normalized: text("normalized").notNull().unique(),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [index("promotion_codes_promotion_idx").on(t.promotionId)],
);

/** Uses per customer (customer id or e-mail): the row a per-customer limit is enforced on. */
export const promotionCustomerUsage = pgTable(
  "promotion_customer_usage",
  {
    promotionId: text("promotion_id")
      .notNull()
      .references(() => promotions.id),
    customerKey: text("customer_key").notNull(),
    used: integer("used").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.promotionId, t.customerKey] }),
    check("customer_usage_non_negative", sql`${t.used} >= 0`),
  ],
);

/** One use of a promotion by an order (its checkout attempt); unique, so a retry counts once. */
export const promotionRedemptions = pgTable(
  "promotion_redemptions",
  {
    id: text("id").primaryKey(),
    promotionId: text("promotion_id")
      .notNull()
      .references(() => promotions.id),
    reference: text("reference").notNull(),
    customerKey: text("customer_key"),
    code: text("code"),
    status: text("status", { enum: ["redeemed", "released"] }).notNull(),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [unique("redemption_per_reference").on(t.promotionId, t.reference)],
);

/**
 * A gift card or store credit. Only a SHA-256 of the code is kept: the code has 80 random bits,
 * so a fast hash cannot be reversed by guessing. `balance` is what can still be spent (holds
 * already taken off); the check makes G12 hold even if a query were wrong.
 */
export const giftCards = pgTable(
  "gift_cards",
  {
    id: text("id").primaryKey(),
    codeHash: text("code_hash").notNull().unique(),
    /** Last four characters, so support can tell cards apart without the code. */
    codeHint: text("code_hint").notNull(),
    kind: text("kind", { enum: ["gift_card", "store_credit"] }).notNull(),
    currency: text("currency").notNull(),
    initialAmount: minorUnits("initial_amount").notNull(),
    balance: minorUnits("balance").notNull(),
    status: text("status", { enum: ["active", "disabled"] })
      .notNull()
      .default("active"),
    customerId: text("customer_id"),
    note: text("note"),
    expiresAt: timestamptz("expires_at"),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [
    check("gift_card_balance_non_negative", sql`${t.balance} >= 0`),
    check("gift_card_initial_positive", sql`${t.initialAmount} > 0`),
  ],
);

/**
 * Every movement of a card's balance: balance = initial + Σ credit + Σ release − Σ hold (holds
 * are the debits: money leaves the balance when checkout holds it). A `capture` turns a hold into
 * a final spend and moves nothing; a `release` gives an uncaptured hold back. One entry per (card, reference, kind),
 * which is what makes every operation idempotent by its reference.
 */
export const giftCardLedger = pgTable(
  "gift_card_ledger",
  {
    id: text("id").primaryKey(),
    giftCardId: text("gift_card_id")
      .notNull()
      .references(() => giftCards.id),
    kind: text("kind", { enum: ["hold", "capture", "release", "credit"] }).notNull(),
    amount: minorUnits("amount").notNull(),
    reference: text("reference").notNull(),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [
    unique("gift_card_entry_per_reference").on(t.giftCardId, t.reference, t.kind),
    check("gift_card_entry_positive", sql`${t.amount} > 0`),
  ],
);
