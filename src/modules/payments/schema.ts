import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  unique,
} from "drizzle-orm/pg-core";
import { minorUnits, timestamptz } from "../../shared/db/columns.ts";

export const paymentStatuses = [
  /** Bank transfer or purchase-order invoice: the order is placed, the money is still to come. */
  "awaiting_payment",
  /** Some of the money arrived (receipts accumulate into captured_amount). */
  "partially_paid",
  "authorized",
  "captured",
  "partially_refunded",
  "refunded",
  "voided",
  "failed",
] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

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
    status: text("status", { enum: paymentStatuses }).notNull(),
    /** The authorized amount. */
    amount: minorUnits("amount").notNull(),
    capturedAmount: minorUnits("captured_amount").notNull().default(0),
    /** Refunded or being refunded: a refund reserves its amount here before the provider call (G8). */
    refundedAmount: minorUnits("refunded_amount").notNull().default(0),
    currency: text("currency").notNull(),
    providerReference: text("provider_reference"),
    authorizationCode: text("authorization_code"),
    brand: text("brand"),
    last4: text("last4"),
    failureReason: text("failure_reason"),
    createdAt: timestamptz("created_at").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
  },
  (t) => [
    index("payments_order_idx").on(t.orderId),
    // G8 as the database's own rule: no code path, however raced, can break it.
    check("payments_captured_le_authorized", sql`${t.capturedAmount} between 0 and ${t.amount}`),
    check("payments_refunded_le_captured", sql`${t.refundedAmount} between 0 and ${t.capturedAmount}`),
  ],
);

/** The history of a payment: every call's outcome, in order. */
export const paymentTransactions = pgTable(
  "payment_transactions",
  {
    id: text("id").primaryKey(),
    paymentId: text("payment_id")
      .notNull()
      .references(() => payments.id),
    kind: text("kind", { enum: ["authorize", "capture", "void", "refund", "receipt"] }).notNull(),
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
  status: text("status", {
    enum: ["requires_action", "authorized", "declined", "voided", "captured"],
  }).notNull(),
  /** The 3-D Secure challenge's unguessable id (its page's address), for cards that need one. */
  challengeId: text("challenge_id").unique(),
  amount: minorUnits("amount").notNull().default(0),
  capturedAmount: minorUnits("captured_amount").notNull().default(0),
  refundedAmount: minorUnits("refunded_amount").notNull().default(0),
  createdAt: timestamptz("created_at").notNull(),
});

/** The test processor's answers to capture and refund calls, by key, so a retry gets the same one. */
export const testProcessorOperations = pgTable("payments_test_processor_operations", {
  idempotencyKey: text("idempotency_key").primaryKey(),
  chargeReference: text("charge_reference").notNull(),
  kind: text("kind", { enum: ["capture", "refund"] }).notNull(),
  amount: minorUnits("amount").notNull(),
  outcome: jsonb("outcome").notNull(),
  createdAt: timestamptz("created_at").notNull(),
});

/**
 * The test processor's hosted-fields vault: a token stands for a card's behaviour, brand and
 * last 4. The card number itself is never stored (G15), not even here.
 */
export const testProcessorTokens = pgTable("payments_test_processor_tokens", {
  token: text("token").primaryKey(),
  behaviour: text("behaviour").notNull(),
  brand: text("brand").notNull(),
  last4: text("last4").notNull(),
  expMonth: integer("exp_month").notNull(),
  expYear: integer("exp_year").notNull(),
  createdAt: timestamptz("created_at").notNull(),
});

/** Refunds we asked for; the row id is the idempotency key the provider sees. */
export const paymentRefunds = pgTable(
  "payment_refunds",
  {
    id: text("id").primaryKey(),
    paymentId: text("payment_id")
      .notNull()
      .references(() => payments.id),
    /** The client's Idempotency-Key: a retried request finds and re-drives the same refund. */
    requestKey: text("request_key").notNull(),
    amount: minorUnits("amount").notNull(),
    reason: text("reason").notNull(),
    status: text("status", { enum: ["pending", "succeeded", "failed"] }).notNull(),
    providerReference: text("provider_reference"),
    failureReason: text("failure_reason"),
    createdAt: timestamptz("created_at").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
  },
  (t) => [unique("payment_refunds_request_key").on(t.paymentId, t.requestKey)],
);

/** PayPal webhook events already applied, by event id: a redelivery has no second effect (G9). */
export const paypalWebhookEvents = pgTable("payments_paypal_webhook_events", {
  eventId: text("event_id").primaryKey(),
  type: text("type").notNull(),
  receivedAt: timestamptz("received_at").notNull(),
});

/** Stripe webhook events already applied, by event id: a redelivery has no second effect (G9). */
export const stripeWebhookEvents = pgTable("payments_stripe_webhook_events", {
  eventId: text("event_id").primaryKey(),
  type: text("type").notNull(),
  receivedAt: timestamptz("received_at").notNull(),
});

/**
 * Offline payment methods' own ledger (bank transfer, purchase order): the creditor reference
 * given to each checkout attempt, so a lookup after a crash answers with the same reference.
 */
export const paymentReferenceSeq = pgSequence("payment_reference_seq", { startWith: 100001 });

export const offlinePaymentReferences = pgTable("payments_offline_references", {
  /** The checkout attempt id (the gateway's idempotency key). */
  idempotencyKey: text("idempotency_key").primaryKey(),
  provider: text("provider").notNull(),
  /** ISO 11649 creditor reference (RF…), unique: statement lines are matched by it. */
  reference: text("reference").notNull().unique(),
  createdAt: timestamptz("created_at").notNull(),
});

/**
 * Money received for an offline payment: marked paid by the merchant or read from a bank
 * statement. `key` is unique, so the same statement line or the same mark-paid request applies
 * once however often it is sent. `excess` is what arrived beyond the amount due (an overpayment).
 */
export const paymentReceipts = pgTable(
  "payment_receipts",
  {
    id: text("id").primaryKey(),
    paymentId: text("payment_id")
      .notNull()
      .references(() => payments.id),
    key: text("key").notNull().unique(),
    source: text("source", { enum: ["manual", "statement"] }).notNull(),
    amount: minorUnits("amount").notNull(),
    applied: minorUnits("applied").notNull(),
    excess: minorUnits("excess").notNull(),
    currency: text("currency").notNull(),
    receivedOn: date("received_on").notNull(),
    /** The statement line as read (date, amount, remittance text), for the audit trail. */
    detail: jsonb("detail").$type<Record<string, unknown>>(),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [
    index("payment_receipts_payment_idx").on(t.paymentId),
    check(
      "payment_receipts_amounts",
      sql`${t.applied} >= 0 and ${t.excess} >= 0 and ${t.applied} + ${t.excess} = ${t.amount}`,
    ),
  ],
);

/**
 * A B2B customer's credit for purchase orders, per currency. `used` is what open invoices owe;
 * it only grows by a conditional update (`used + amount <= credit_limit`), so parallel checkouts
 * can never take more than the limit.
 */
export const creditLines = pgTable(
  "payments_credit_lines",
  {
    customerId: text("customer_id").notNull(),
    currency: text("currency").notNull(),
    creditLimit: minorUnits("credit_limit").notNull(),
    used: minorUnits("used").notNull().default(0),
    updatedAt: timestamptz("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.currency] }),
    check("credit_lines_used_non_negative", sql`${t.used} >= 0 and ${t.creditLimit} >= 0`),
  ],
);

/**
 * Credit taken by one checkout attempt; `outstanding` falls as the invoice is paid and goes back
 * to the line then, or all at once when the attempt is undone or the order cancelled.
 */
export const creditHolds = pgTable(
  "payments_credit_holds",
  {
    attemptId: text("attempt_id").primaryKey(),
    customerId: text("customer_id").notNull(),
    currency: text("currency").notNull(),
    amount: minorUnits("amount").notNull(),
    outstanding: minorUnits("outstanding").notNull(),
    status: text("status", { enum: ["held", "released"] }).notNull(),
    createdAt: timestamptz("created_at").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
  },
  (t) => [check("credit_holds_outstanding", sql`${t.outstanding} between 0 and ${t.amount}`)],
);
