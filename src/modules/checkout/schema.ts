import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { minorUnits, timestamptz } from "../../shared/db/columns.ts";
import type { NewOrder } from "../orders/index.ts";
import type { PaymentAction } from "../payments/index.ts";

/** The action the shopper was sent to, with the provider's reference to void it by if abandoned. */
export type WaitingAction = PaymentAction & { providerReference: string };

export type AttemptStatus = "authorizing" | "placed" | "failed";

/** The priced cart frozen at prepare, plus a purchase order's terms (the invoice's net days). */
export type AttemptSnapshot = Omit<NewOrder, "payment" | "attemptId"> & { paymentTermsDays?: number };

/**
 * One try at turning a cart into an order. Its id is the key for stock reservations and the
 * payment provider, so every retry, webhook and sweep resumes the same attempt.
 */
export const checkoutAttempts = pgTable(
  "checkout_attempts",
  {
    id: text("id").primaryKey(),
    cartId: text("cart_id").notNull(),
    status: text("status", { enum: ["authorizing", "placed", "failed"] }).notNull(),
    provider: text("provider").notNull(),
    /** A payment token (never card data, G15). */
    source: text("source").notNull(),
    amount: minorUnits("amount").notNull(),
    currency: text("currency").notNull(),
    /** The priced cart frozen at prepare: exactly what the order will carry. */
    snapshot: jsonb("snapshot").$type<AttemptSnapshot>().notNull(),
    /**
     * Set while the provider waits for the shopper (3-D Secure): a completion that finds the cart
     * busy resumes this attempt by asking the provider, instead of waiting for it.
     */
    paymentAction: jsonb("payment_action").$type<WaitingAction>(),
    orderId: text("order_id"),
    failureCode: text("failure_code"),
    createdAt: timestamptz("created_at").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
  },
  (t) => [
    // A cart has at most one attempt in flight.
    uniqueIndex("one_live_attempt_per_cart").on(t.cartId).where(sql`status = 'authorizing'`),
    index("attempts_status_idx").on(t.status, t.updatedAt),
  ],
);
