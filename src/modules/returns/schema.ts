import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgSequence, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { minorUnits, timestamptz } from "../../shared/db/columns.ts";
import type { CreditNote } from "../notifications/index.ts";

/** Human-friendly return numbers (RMA-1001); a rolled-back request may leave a gap, never a duplicate. */
export const returnNumberSeq = pgSequence("return_number_seq", { startWith: 1001 });

/** Credit note numbers: their own legal series, like invoice numbers; assigned when a refund succeeds. */
export const creditNoteNumberSeq = pgSequence("credit_note_number_seq", { startWith: 1 });

export const returnStatuses = [
  "requested",
  "approved",
  "received",
  "refunded",
  "rejected",
  "cancelled",
] as const;
export type ReturnStatus = (typeof returnStatuses)[number];

export const returnReasons = [
  "damaged",
  "defective",
  "wrong_item",
  "not_as_described",
  "size_or_fit",
  "no_longer_needed",
  "other",
] as const;
export type ReturnReason = (typeof returnReasons)[number];

export const dispositions = ["restock", "write_off"] as const;
export type Disposition = (typeof dispositions)[number];

export const refundMethods = ["original_payment", "store_credit", "gift_card"] as const;
export type RefundMethod = (typeof refundMethods)[number];

/**
 * A shopper's request to send some units of one order back. Keeps a snapshot of what it needs
 * from the order (number, email, currency); the order stays the orders module's.
 */
export const returns = pgTable(
  "returns",
  {
    id: text("id").primaryKey(),
    number: text("number").notNull().unique(),
    orderId: text("order_id").notNull(),
    orderNumber: text("order_number").notNull(),
    email: text("email").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: returnStatuses }).notNull(),
    reason: text("reason", { enum: returnReasons }).notNull(),
    note: text("note"),
    rejectionReason: text("rejection_reason"),
    /** The return label bought from the carrier at approval; kept as issued (base64), like shipments. */
    carrier: text("carrier"),
    trackingNumber: text("tracking_number"),
    trackingUrl: text("tracking_url"),
    labelPdf: text("label_pdf"),
    /** Where the return parcel is, as the carrier's signed webhook last said; never moves back. */
    trackingStatus: text("tracking_status", {
      enum: ["in_transit", "out_for_delivery", "delivered", "exception"],
    }),
    /** When the carrier scanned the status above: older or repeated events change nothing. */
    trackingAt: timestamptz("tracking_at"),
    /**
     * The order that ships the exchanged units, placed at no charge when the return is received;
     * its cart and attempt id are `exchange:<return id>`, so there is at most one.
     */
    replacementOrderId: text("replacement_order_id").unique(),
    replacementOrderNumber: text("replacement_order_number"),
    createdAt: timestamptz("created_at").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
  },
  (t) => [index("returns_order_idx").on(t.orderId), index("returns_status_idx").on(t.status, t.createdAt)],
);

/** Units of one order line in a return; what arrived and what became of it once received. */
export const returnLines = pgTable(
  "return_lines",
  {
    id: text("id").primaryKey(),
    returnId: text("return_id")
      .notNull()
      .references(() => returns.id),
    orderLineId: text("order_line_id").notNull(),
    sku: text("sku").notNull(),
    title: text("title").notNull(),
    quantity: integer("quantity").notNull(),
    receivedQuantity: integer("received_quantity"),
    disposition: text("disposition", { enum: dispositions }),
    /**
     * Exchange: the variant of the same product, at the same price, sent instead of a refund.
     * Stock is held for it (reference `exchange:<return id>`) from approval until receipt.
     */
    exchangeVariantId: text("exchange_variant_id"),
    exchangeSku: text("exchange_sku"),
    exchangeTitle: text("exchange_title"),
    /** When the replacement is out of stock at approval: refund this line instead of refusing. */
    refundIfUnavailable: boolean("refund_if_unavailable").notNull().default(false),
  },
  (t) => [index("return_lines_return_idx").on(t.returnId)],
);

/** Every status change of a return, with who made it and when. */
export const returnTransitions = pgTable(
  "return_transitions",
  {
    id: text("id").primaryKey(),
    returnId: text("return_id")
      .notNull()
      .references(() => returns.id),
    fromStatus: text("from_status"),
    toStatus: text("to_status").notNull(),
    actor: text("actor").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>(),
    at: timestamptz("at").notNull(),
  },
  (t) => [index("return_transitions_return_idx").on(t.returnId, t.at)],
);

/**
 * The refund of a return, at most one that is not failed per return (partial unique index), and
 * shipping refunded at most once per order. Its id is the request key the payment refund is made
 * with, so a retried or parallel refund re-drives this one and never a second.
 */
export const returnRefunds = pgTable(
  "return_refunds",
  {
    id: text("id").primaryKey(),
    returnId: text("return_id")
      .notNull()
      .references(() => returns.id),
    orderId: text("order_id").notNull(),
    method: text("method", { enum: refundMethods }).notNull(),
    status: text("status", { enum: ["pending", "succeeded", "failed"] }).notNull(),
    amount: minorUnits("amount").notNull(),
    currency: text("currency").notNull(),
    includesShipping: boolean("includes_shipping").notNull(),
    /**
     * Store credit or gift card issued instead of a payment refund; or, for a refund to the
     * original payment of an order paid partly by gift card, that card, credited `giftCardAmount`.
     */
    giftCardId: text("gift_card_id"),
    /** The part of an original-payment refund that goes back on the order's gift card. */
    giftCardAmount: minorUnits("gift_card_amount").notNull().default(0),
    failureReason: text("failure_reason"),
    /** Set when the refund succeeds; the document is rendered from `creditNote` ever after (G4). */
    creditNoteNumber: text("credit_note_number").unique(),
    creditNote: jsonb("credit_note").$type<CreditNote>().notNull(),
    actor: text("actor").notNull(),
    createdAt: timestamptz("created_at").notNull(),
    settledAt: timestamptz("settled_at"),
  },
  (t) => [
    uniqueIndex("return_refunds_one_per_return").on(t.returnId).where(sql`status <> 'failed'`),
    uniqueIndex("return_refunds_shipping_once")
      .on(t.orderId)
      .where(sql`includes_shipping and status <> 'failed'`),
    index("return_refunds_order_idx").on(t.orderId),
    // The sweep's queue of refunds whose provider call was interrupted: small, read often.
    index("return_refunds_pending_idx").on(t.createdAt).where(sql`status = 'pending'`),
  ],
);

/**
 * Failed guest look-ups (order number + email), one row each, keyed by a hash of the client IP or
 * of the order number. Order numbers are sequential, so the email is the only secret: counting
 * misses in the database limits guessing across any number of API processes.
 */
export const returnLookupFailures = pgTable(
  "return_lookup_failures",
  {
    id: text("id").primaryKey(),
    /** "ip:<sha256>" or "order:<sha256>": hashed, because an IP is personal data (G17). */
    key: text("key").notNull(),
    at: timestamptz("at").notNull(),
  },
  (t) => [index("return_lookup_failures_key_at_idx").on(t.key, t.at)],
);
