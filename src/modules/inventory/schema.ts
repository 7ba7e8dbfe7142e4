import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, unique } from "drizzle-orm/pg-core";
import { timestamptz } from "../../shared/db/columns.ts";

/**
 * Stock of one SKU. `reserved` is held for checkouts in flight. The checks are the last line of
 * defence against overselling (G10): no update can leave more reserved than on hand.
 */
export const stockLevels = pgTable(
  "inventory_stock_levels",
  {
    sku: text("sku").primaryKey(),
    onHand: integer("on_hand").notNull(),
    reserved: integer("reserved").notNull().default(0),
  },
  (t) => [
    check("stock_on_hand_non_negative", sql`${t.onHand} >= 0`),
    check("stock_reserved_within_on_hand", sql`${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
  ],
);

/** Units held for a reference (a checkout attempt) until committed to an order or released. */
export const reservations = pgTable(
  "inventory_reservations",
  {
    id: text("id").primaryKey(),
    reference: text("reference").notNull(),
    sku: text("sku").notNull(),
    quantity: integer("quantity").notNull(),
    status: text("status", { enum: ["held", "committed", "released"] }).notNull(),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [
    unique("reservation_per_reference_sku").on(t.reference, t.sku),
    check("reservation_positive", sql`${t.quantity} > 0`),
  ],
);

/** The ledger: every change to on-hand stock, with its reason (G10: Σ sold ≤ received). */
export const stockMovements = pgTable(
  "inventory_movements",
  {
    id: text("id").primaryKey(),
    sku: text("sku").notNull(),
    delta: integer("delta").notNull(),
    reason: text("reason", {
      enum: ["received", "sold", "adjusted", "returned", "damaged", "count"],
    }).notNull(),
    reference: text("reference"),
    note: text("note"),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [index("movements_sku_idx").on(t.sku, t.createdAt)],
);
