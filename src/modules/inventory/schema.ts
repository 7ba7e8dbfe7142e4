import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { timestamptz } from "../../shared/db/columns.ts";

/** Warehouses and stores that hold stock. Allocation prefers the destination's country, then priority. */
export const locations = pgTable(
  "inventory_locations",
  {
    id: text("id").primaryKey(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** ISO 3166-1 alpha-2; null for a location that ships anywhere equally. */
    country: text("country"),
    /** Lower is picked first. */
    priority: integer("priority").notNull().default(100),
    active: boolean("active").notNull().default(true),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [unique("inventory_location_code").on(t.code)],
);

/**
 * One SKU across all locations: its totals (kept equal to the sum of its location rows, in the
 * same statements) and its settings. Every stock change locks this row first, then location rows,
 * so allocation across locations is serialized per SKU and cannot deadlock. The checks are the
 * last line of defence against overselling (G10): no update can leave more reserved than on hand.
 * Backordered units are counted apart: they are owed, never taken from `on_hand`.
 */
export const stockLevels = pgTable(
  "inventory_stock_levels",
  {
    sku: text("sku").primaryKey(),
    onHand: integer("on_hand").notNull(),
    reserved: integer("reserved").notNull().default(0),
    /** `inventory.low` is written when available drops to or below this; null: not watched. */
    reorderPoint: integer("reorder_point"),
    reorderQuantity: integer("reorder_quantity"),
    supplier: text("supplier"),
    /** Set when available crossed the reorder point, cleared when it rose above: once per crossing. */
    lowSince: timestamptz("low_since"),
    backorderAllowed: boolean("backorder_allowed").notNull().default(false),
    /** Most units that may be owed at once; null: no limit. */
    backorderLimit: integer("backorder_limit"),
    backorderExpectedOn: date("backorder_expected_on"),
    /** Units held or sold beyond stock, owed to shoppers until stock arrives for them. */
    backordered: integer("backordered").notNull().default(0),
  },
  (t) => [
    check("stock_on_hand_non_negative", sql`${t.onHand} >= 0`),
    check("stock_reserved_within_on_hand", sql`${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
    check("stock_backordered_non_negative", sql`${t.backordered} >= 0`),
    check("stock_reorder_non_negative", sql`${t.reorderPoint} is null or ${t.reorderPoint} >= 0`),
  ],
);

/** Stock of one SKU at one location; the same checks as the SKU row. */
export const locationStock = pgTable(
  "inventory_location_stock",
  {
    locationId: text("location_id")
      .notNull()
      .references(() => locations.id),
    sku: text("sku")
      .notNull()
      .references(() => stockLevels.sku),
    onHand: integer("on_hand").notNull().default(0),
    reserved: integer("reserved").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.locationId, t.sku] }),
    index("location_stock_sku_idx").on(t.sku),
    check("location_on_hand_non_negative", sql`${t.onHand} >= 0`),
    check("location_reserved_within_on_hand", sql`${t.reserved} >= 0 and ${t.reserved} <= ${t.onHand}`),
  ],
);

/**
 * Units held for a reference (a checkout attempt) until committed to an order or released, one
 * row per SKU and location it was allocated from; `location_id` null is the backordered part.
 */
export const reservations = pgTable(
  "inventory_reservations",
  {
    id: text("id").primaryKey(),
    reference: text("reference").notNull(),
    sku: text("sku").notNull(),
    locationId: text("location_id"),
    quantity: integer("quantity").notNull(),
    status: text("status", { enum: ["held", "committed", "released"] }).notNull(),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [
    unique("reservation_per_reference_sku_location").on(t.reference, t.sku, t.locationId).nullsNotDistinct(),
    index("reservations_reference_idx").on(t.reference),
    check("reservation_positive", sql`${t.quantity} > 0`),
  ],
);

/** The ledger: every change to on-hand stock, with its reason and location (G10: Σ sold ≤ received). */
export const stockMovements = pgTable(
  "inventory_movements",
  {
    id: text("id").primaryKey(),
    sku: text("sku").notNull(),
    locationId: text("location_id"),
    delta: integer("delta").notNull(),
    reason: text("reason", {
      enum: ["received", "sold", "adjusted", "returned", "damaged", "count", "transfer"],
    }).notNull(),
    reference: text("reference"),
    note: text("note"),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [index("movements_sku_idx").on(t.sku, t.createdAt)],
);

/** Goods asked of a supplier when a SKU runs low; receiving one books the stock. */
export const replenishments = pgTable(
  "inventory_replenishments",
  {
    id: text("id").primaryKey(),
    sku: text("sku")
      .notNull()
      .references(() => stockLevels.sku),
    /** Where the goods will arrive. */
    locationId: text("location_id")
      .notNull()
      .references(() => locations.id),
    supplier: text("supplier"),
    quantity: integer("quantity").notNull(),
    status: text("status", { enum: ["open", "ordered", "received", "cancelled"] }).notNull(),
    receivedQuantity: integer("received_quantity"),
    createdAt: timestamptz("created_at").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
  },
  (t) => [
    // One request in progress per SKU: a second crossing while one is open raises no duplicate.
    uniqueIndex("replenishment_one_open_per_sku").on(t.sku).where(sql`${t.status} in ('open', 'ordered')`),
    index("replenishments_status_idx").on(t.status, t.createdAt),
    check("replenishment_quantity_positive", sql`${t.quantity} > 0`),
  ],
);
