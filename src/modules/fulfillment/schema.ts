import { boolean, index, integer, pgTable, primaryKey, text, unique } from "drizzle-orm/pg-core";
import { timestamptz } from "../../shared/db/columns.ts";

export type ShipmentStatus =
  | "pending"
  | "labelled"
  | "shipped"
  | "in_transit"
  | "out_for_delivery"
  | "delivered"
  | "exception";

export const shipmentStatuses = [
  "pending",
  "labelled",
  "shipped",
  "in_transit",
  "out_for_delivery",
  "delivered",
  "exception",
] as const satisfies readonly ShipmentStatus[];

/**
 * A parcel of some units of one order. Created under the order's row lock, so the units of all
 * of an order's shipments never exceed what was ordered.
 */
export const shipments = pgTable(
  "shipments",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id").notNull(),
    status: text("status", { enum: shipmentStatuses }).notNull(),
    /** The carrier provider's key (e.g. `test`); the label and tracking come from it. */
    carrier: text("carrier").notNull(),
    service: text("service"),
    trackingNumber: text("tracking_number"),
    trackingUrl: text("tracking_url"),
    /**
     * The label as the carrier issued it, base64. Kept, not re-rendered: a carrier sells a label
     * once, and reprinting must give the same barcode.
     */
    labelPdf: text("label_pdf"),
    createdAt: timestamptz("created_at").notNull(),
    labelledAt: timestamptz("labelled_at"),
    shippedAt: timestamptz("shipped_at"),
    deliveredAt: timestamptz("delivered_at"),
    /** When the carrier says the last applied tracking status happened: older updates lose. */
    trackedAt: timestamptz("tracked_at"),
  },
  (t) => [
    index("shipments_order_idx").on(t.orderId),
    unique("shipments_tracking_unique").on(t.carrier, t.trackingNumber),
  ],
);

/** Units of one SKU in a shipment (an order line is identified by its SKU). */
export const shipmentLines = pgTable(
  "shipment_lines",
  {
    shipmentId: text("shipment_id")
      .notNull()
      .references(() => shipments.id),
    sku: text("sku").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [primaryKey({ columns: [t.shipmentId, t.sku] })],
);

/**
 * Every carrier tracking event received, keyed by the carrier's event id: a redelivered event is
 * recognised here and has no second effect (G9). `applied` says whether it moved the shipment.
 */
export const carrierEvents = pgTable(
  "carrier_events",
  {
    carrier: text("carrier").notNull(),
    eventId: text("event_id").notNull(),
    shipmentId: text("shipment_id").notNull(),
    status: text("status").notNull(),
    occurredAt: timestamptz("occurred_at").notNull(),
    receivedAt: timestamptz("received_at").notNull(),
    applied: boolean("applied").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.carrier, t.eventId] }),
    index("carrier_events_shipment_idx").on(t.shipmentId),
  ],
);
