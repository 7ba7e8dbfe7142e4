import { index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { minorUnits, timestamptz } from "../../shared/db/columns.ts";

/**
 * Step views the storefront reports (cart viewed, checkout started, contact, …). Raw facts, not
 * domain state: written directly, never rebuilt, one row per cart and step (repeats are free).
 */
export const analyticsStepViews = pgTable(
  "analytics_step_views",
  {
    cartId: text("cart_id").notNull(),
    step: text("step").notNull(),
    device: text("device"),
    /** What the cart said at the time, kept so a rebuild can replay the view exactly. */
    currency: text("currency"),
    country: text("country"),
    customerKey: text("customer_key"),
    at: timestamptz("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.cartId, t.step] })],
);

/**
 * One row per cart that reached the funnel: a projection of step views and checkout events.
 * Every column is merged commutatively (least, greatest, coalesce), so the order in which facts
 * arrive does not change the row, and a rebuild gives the same table.
 */
export const analyticsCheckouts = pgTable(
  "analytics_checkouts",
  {
    cartId: text("cart_id").primaryKey(),
    firstSeenAt: timestamptz("first_seen_at").notNull(),
    /** The first checkout step or attempt; null while the shopper only looked at the cart. */
    startedAt: timestamptz("started_at"),
    /** Rank of the furthest step reached (see steps.ts), so "furthest" is a plain greatest(). */
    lastStepRank: integer("last_step_rank").notNull(),
    device: text("device"),
    currency: text("currency"),
    country: text("country"),
    /** SHA-256 of the normalized email: tells new from returning without keeping the address. */
    customerKey: text("customer_key"),
    completedAt: timestamptz("completed_at"),
    orderId: text("order_id"),
    total: minorUnits("total"),
    provider: text("provider"),
    method: text("method"),
  },
  (t) => [index("analytics_checkouts_seen_idx").on(t.firstSeenAt)],
);

/** Why a checkout was refused or undone, one row per `checkout.failed` event. */
export const analyticsCheckoutFailures = pgTable(
  "analytics_checkout_failures",
  {
    eventId: text("event_id").primaryKey(),
    cartId: text("cart_id").notNull(),
    attemptId: text("attempt_id"),
    /** The error code the shopper got (insufficient_stock, price_changed, payment_declined, …). */
    code: text("code").notNull(),
    /** The finer reason where there is one (a decline reason, an undo reason). */
    reason: text("reason"),
    at: timestamptz("at").notNull(),
  },
  (t) => [index("analytics_failures_cart_idx").on(t.cartId)],
);

/** One row per gateway authorization (payment.authorized / payment.failed). */
export const analyticsPaymentAttempts = pgTable(
  "analytics_payment_attempts",
  {
    paymentId: text("payment_id").primaryKey(),
    attemptId: text("attempt_id").notNull(),
    /** Learned from the checkout's later event (order placed or attempt undone); may stay null. */
    cartId: text("cart_id"),
    provider: text("provider").notNull(),
    method: text("method").notNull(),
    outcome: text("outcome", { enum: ["authorized", "failed"] }).notNull(),
    declineReason: text("decline_reason"),
    amount: minorUnits("amount").notNull(),
    currency: text("currency").notNull(),
    at: timestamptz("at").notNull(),
  },
  (t) => [
    index("analytics_payment_attempts_at_idx").on(t.at),
    index("analytics_payment_attempts_attempt_idx").on(t.attemptId),
  ],
);

/** One row per placed order, with what peak-hour, value and promotion questions need. */
export const analyticsOrders = pgTable(
  "analytics_orders",
  {
    orderId: text("order_id").primaryKey(),
    cartId: text("cart_id").notNull(),
    placedAt: timestamptz("placed_at").notNull(),
    /** Hour of day (0-23) and ISO weekday (1 = Monday … 7 = Sunday), in UTC. */
    hour: integer("hour").notNull(),
    weekday: integer("weekday").notNull(),
    currency: text("currency").notNull(),
    total: minorUnits("total").notNull(),
    discountTotal: minorUnits("discount_total").notNull(),
    promotionCodes: text("promotion_codes").array().notNull(),
    country: text("country"),
    customerKey: text("customer_key"),
    provider: text("provider").notNull(),
    /** Card brand (visa, mastercard, …) or gift_card; the provider's name when neither is known. */
    method: text("method").notNull(),
  },
  (t) => [
    index("analytics_orders_placed_idx").on(t.placedAt),
    index("analytics_orders_customer_idx").on(t.customerKey, t.placedAt),
  ],
);

/**
 * Abandoned-cart recovery per cart, from `checkout.abandoned`, `checkout.reminder_sent` and
 * `checkout.recovered`. Merged like analytics_checkouts (coalesce, greatest), and each reminder
 * event adds one under consumeOnce, so arrival order and redelivery do not change the row.
 */
export const analyticsRecovery = pgTable(
  "analytics_recovery",
  {
    cartId: text("cart_id").primaryKey(),
    currency: text("currency"),
    abandonedAt: timestamptz("abandoned_at"),
    /** The cart's total when it was found abandoned. */
    value: minorUnits("value"),
    remindersSent: integer("reminders_sent").notNull().default(0),
    firstReminderAt: timestamptz("first_reminder_at"),
    recoveredAt: timestamptz("recovered_at"),
    recoveredOrderId: text("recovered_order_id"),
    /** The recovered order's total, in `currency`. */
    recoveredTotal: minorUnits("recovered_total"),
  },
  (t) => [index("analytics_recovery_abandoned_idx").on(t.abandonedAt)],
);
