import { sql } from "drizzle-orm";
import { index, integer, pgSequence, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
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
        "payment_instructions",
        "password_reset",
        "email_verification",
        "shipment_shipped",
        "shipment_delivered",
        "return_label",
        "return_rejected",
        "refund_issued",
        "cart_reminder",
        "review_request",
      ],
    }).notNull(),
    /** Null for account emails (password reset, email verification), which are about no order. */
    orderId: text("order_id"),
    /**
     * Set for emails about one parcel or document rather than the order: one shipped and one
     * delivered email per shipment, one label, one rejection and one refund email per return (its id here).
     */
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

/**
 * Files an email carries that cannot be rendered again from the order when it is sent (a return
 * label bought from a carrier, a credit note): stored with the email when it is queued.
 */
export const emailAttachments = pgTable(
  "email_attachments",
  {
    emailId: text("email_id")
      .notNull()
      .references(() => emails.id),
    position: integer("position").notNull(),
    filename: text("filename").notNull(),
    contentType: text("content_type").notNull(),
    /** Base64. */
    content: text("content").notNull(),
  },
  (t) => [primaryKey({ columns: [t.emailId, t.position] })],
);
