import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import { minorUnits, timestamptz } from "../../shared/db/columns.ts";

export type AbandonedCartStatus = "active" | "closed" | "recovered";

/**
 * A cart recovery noticed as abandoned: one row per cart, ever (the primary key makes the
 * `checkout.abandoned` event happen once, also when two sweeps race). `reminders_sent` only
 * moves by a conditional update under the row lock, so the cap holds under parallel sweeps.
 */
export const abandonedCarts = pgTable(
  "abandoned_carts",
  {
    cartId: text("cart_id").primaryKey(),
    email: text("email").notNull(),
    currency: text("currency").notNull(),
    /** The furthest checkout step the cart had reached: cart, contact, address or shipping. */
    lastStep: text("last_step").notNull(),
    /** The cart's total when it was found abandoned, in minor units of `currency`. */
    value: minorUnits("value").notNull(),
    abandonedAt: timestamptz("abandoned_at").notNull(),
    /** The cart's last change as last seen: reminder delays count from it. */
    lastActivityAt: timestamptz("last_activity_at").notNull(),
    remindersSent: integer("reminders_sent").notNull().default(0),
    /** When the next reminder is due; null when none is (cap reached, or closed). */
    nextReminderAt: timestamptz("next_reminder_at"),
    status: text("status", { enum: ["active", "closed", "recovered"] })
      .notNull()
      .default("active"),
    /** Why reminders stopped: completed, emptied, unsubscribed, expired, cap. */
    closedReason: text("closed_reason"),
    /** The single-use promotion the last reminder offered (its code is only in the email). */
    discountPromotionId: text("discount_promotion_id"),
    recoveredOrderId: text("recovered_order_id"),
    recoveredAt: timestamptz("recovered_at"),
  },
  (t) => [
    check("abandoned_cart_reminders_non_negative", sql`${t.remindersSent} >= 0`),
    index("abandoned_carts_due_idx").on(t.nextReminderAt).where(sql`status = 'active'`),
  ],
);

/**
 * Where the idle-cart scan has got to, in the carts' (updated_at, id) order, so each pass reads
 * only carts it has not looked at. One row, `id = 'carts'`; it only moves forward.
 */
export const recoveryScanCursor = pgTable("recovery_scan_cursor", {
  id: text("id").primaryKey(),
  updatedAt: timestamptz("updated_at").notNull(),
  cartId: text("cart_id").notNull(),
});

/** Email addresses (lower case) that asked for no more cart reminders. */
export const recoveryUnsubscribes = pgTable("recovery_unsubscribes", {
  email: text("email").primaryKey(),
  at: timestamptz("at").notNull(),
});

/**
 * A review invitation for a delivered order: one row per order (primary key), sent once by the
 * sweep when due. `status` moves pending → sent or skipped by conditional updates.
 */
export const reviewRequests = pgTable(
  "review_requests",
  {
    orderId: text("order_id").primaryKey(),
    /** When the order's last parcel was delivered: the email says so. */
    deliveredAt: timestamptz("delivered_at").notNull(),
    dueAt: timestamptz("due_at").notNull(),
    status: text("status", { enum: ["pending", "sent", "skipped"] })
      .notNull()
      .default("pending"),
    createdAt: timestamptz("created_at").notNull(),
    sentAt: timestamptz("sent_at"),
  },
  (t) => [index("review_requests_due_idx").on(t.dueAt).where(sql`status = 'pending'`)],
);
