import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { minorUnits, timestamptz } from "../../shared/db/columns.ts";

/**
 * One payment per checkout attempt. Holds only what is safe to keep (G15): provider references,
 * brand, last 4 and the authorization code; never a card number or security code.
 */
export const payments = pgTable(
  "payments",
  {
    id: text("id").primaryKey(),
    /** The checkout attempt this payment belongs to; also the idempotency key sent to the provider. */
    attemptId: text("attempt_id").notNull().unique(),
    orderId: text("order_id"),
    provider: text("provider").notNull(),
    status: text("status", { enum: ["authorized", "captured", "voided", "failed"] }).notNull(),
    amount: minorUnits("amount").notNull(),
    currency: text("currency").notNull(),
    providerReference: text("provider_reference"),
    authorizationCode: text("authorization_code"),
    brand: text("brand"),
    last4: text("last4"),
    failureReason: text("failure_reason"),
    createdAt: timestamptz("created_at").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
  },
  (t) => [index("payments_order_idx").on(t.orderId)],
);

/** The history of a payment: every call's outcome, in order. */
export const paymentTransactions = pgTable(
  "payment_transactions",
  {
    id: text("id").primaryKey(),
    paymentId: text("payment_id")
      .notNull()
      .references(() => payments.id),
    kind: text("kind", { enum: ["authorize", "capture", "void", "refund"] }).notNull(),
    outcome: text("outcome", { enum: ["succeeded", "failed"] }).notNull(),
    amount: minorUnits("amount").notNull(),
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [index("payment_transactions_payment_idx").on(t.paymentId)],
);

/**
 * The built-in test processor's own ledger. It stands for the provider's side of the wire, so
 * lookups after a crash find what "the provider" did, exactly like a real gateway.
 */
export const testProcessorCharges = pgTable("payments_test_processor_charges", {
  idempotencyKey: text("idempotency_key").primaryKey(),
  reference: text("reference").notNull().unique(),
  outcome: jsonb("outcome").notNull(),
  status: text("status", { enum: ["authorized", "declined", "voided"] }).notNull(),
  createdAt: timestamptz("created_at").notNull(),
});
