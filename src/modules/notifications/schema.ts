import { sql } from "drizzle-orm";
import { index, integer, pgSequence, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamptz } from "../../shared/db/columns.ts";

/** Invoice numbers: their own series, apart from order numbers (an order is not yet an invoice). */
export const invoiceNumberSeq = pgSequence("invoice_number_seq", { startWith: 1 });

/**
 * The receipt (invoice) issued for an order: its number is assigned once and kept, so the PDF
 * rendered again later is the same document (G4).
 */
export const receipts = pgTable("receipts", {
  orderId: text("order_id").primaryKey(),
  invoiceNumber: text("invoice_number").notNull().unique(),
  issuedAt: timestamptz("issued_at").notNull(),
});

export type EmailStatus = "pending" | "sent" | "dead";

/**
 * Emails to send, written by event consumers and drained by the sender loop. One row per
 * (kind, order), or per (kind, shipment) for shipment emails: the database refuses a second
 * confirmation for an order (G14) and a second shipped email for a parcel.
 */
export const emails = pgTable(
  "emails",
  {
    id: text("id").primaryKey(),
    kind: text("kind", {
      enum: [
        "order_confirmation",
        "password_reset",
        "email_verification",
        "shipment_shipped",
        "shipment_delivered",
      ],
    }).notNull(),
    /** Null for account emails (password reset, email verification), which are about no order. */
    orderId: text("order_id"),
    /** Set for shipment emails: one shipped and one delivered email per shipment, not per order. */
    shipmentId: text("shipment_id"),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    /** Rendered when enqueued: resending sends the same words (G4). */
    text: text("text").notNull(),
    html: text("html").notNull(),
    status: text("status", { enum: ["pending", "sent", "dead"] }).notNull(),
    /** Failed sends so far; drives the backoff and the dead-letter state. */
    attempts: integer("attempts").notNull().default(0),
    /** Not before this time: a sender's claim lease, or the backoff after a failure. Null: now. */
    nextAttemptAt: timestamptz("next_attempt_at"),
    lastError: text("last_error"),
    createdAt: timestamptz("created_at").notNull(),
    sentAt: timestamptz("sent_at"),
  },
  (t) => [
    uniqueIndex("emails_order_kind_unique").on(t.kind, t.orderId).where(sql`shipment_id is null`),
    uniqueIndex("emails_shipment_kind_unique").on(t.kind, t.shipmentId).where(sql`shipment_id is not null`),
    index("emails_pending_idx").on(t.createdAt).where(sql`status = 'pending'`),
  ],
);
