import { sql } from "drizzle-orm";
import { boolean, integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { minorUnits } from "../../shared/db/columns.ts";
import type { RateTable } from "./rate-table.ts";

export type ShippingMethodKind = "delivery" | "pickup";

export const shippingMethods = pgTable("shipping_methods", {
  id: text("id").primaryKey(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  /** "delivery" ships to the shopper's address; "pickup" waits at one of its pickup locations. */
  kind: text("kind", { enum: ["delivery", "pickup"] })
    .notNull()
    .default("delivery"),
  minTransitDays: integer("min_transit_days").notNull(),
  maxTransitDays: integer("max_transit_days").notNull(),
  /** Inclusive cart weight limits; a cart of unknown weight is refused by a method with either. */
  minWeightGrams: integer("min_weight_grams"),
  maxWeightGrams: integer("max_weight_grams"),
  active: boolean("active").notNull().default(true),
});

/**
 * Where a rate applies: countries ("*" for anywhere), optionally narrowed to ISO 3166-2 regions
 * and postal-code patterns, with regions and patterns carved out. See zone-match.ts.
 */
export const shippingZones = pgTable("shipping_zones", {
  id: text("id").primaryKey(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  countries: text("countries").array().notNull(),
  regions: text("regions").array().notNull().default(sql`'{}'::text[]`),
  excludedRegions: text("excluded_regions").array().notNull().default(sql`'{}'::text[]`),
  postalCodes: text("postal_codes").array().notNull().default(sql`'{}'::text[]`),
  excludedPostalCodes: text("excluded_postal_codes").array().notNull().default(sql`'{}'::text[]`),
});

/** What a delivery method costs in one zone and currency (minor units), and for which carts. */
export const shippingZoneRates = pgTable(
  "shipping_zone_rates",
  {
    methodId: text("method_id")
      .notNull()
      .references(() => shippingMethods.id, { onDelete: "cascade" }),
    zoneId: text("zone_id")
      .notNull()
      .references(() => shippingZones.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    rate: jsonb("rate").$type<RateTable>().notNull(),
    /** Inclusive limits on the discounted subtotal; null: no limit. */
    minSubtotal: minorUnits("min_subtotal"),
    maxSubtotal: minorUnits("max_subtotal"),
  },
  (t) => [primaryKey({ columns: [t.methodId, t.zoneId, t.currency] })],
);

/** Local opening hours: weekday (0 = Sunday … 6 = Saturday) to "HH:MM" opening and closing. */
export type OpeningHours = { weekday: number; opens: string; closes: string }[];

/** A postal address without a person: where a pickup location is. */
export interface PlaceAddress {
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode: string;
  country: string;
}

/** A store where a pickup method's orders wait for the shopper. */
export const shippingPickupLocations = pgTable("shipping_pickup_locations", {
  id: text("id").primaryKey(),
  methodId: text("method_id")
    .notNull()
    .references(() => shippingMethods.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  address: jsonb("address").$type<PlaceAddress>().notNull(),
  timeZone: text("time_zone").notNull(),
  openingHours: jsonb("opening_hours").$type<OpeningHours>().notNull(),
  /** Open days after the order day until it is ready (0: the day of the order, if open). */
  readyInDays: integer("ready_in_days").notNull(),
  active: boolean("active").notNull().default(true),
});

/** Where orders ship from: the calendar delivery estimates start from. One row, id "default". */
export const shippingWarehouses = pgTable("shipping_warehouses", {
  id: text("id").primaryKey(),
  /** ISO 3166-1 alpha-2: its public holidays (in shipping_holidays) close the warehouse. */
  country: text("country").notNull(),
  timeZone: text("time_zone").notNull(),
  processingDays: integer("processing_days").notNull(),
  /** Local "HH:MM"; orders before it on a working day are processed that day. */
  cutoffTime: text("cutoff_time").notNull(),
});

/** Days carriers do not deliver (and warehouses do not work) in a country. */
export const shippingHolidays = pgTable(
  "shipping_holidays",
  {
    country: text("country").notNull(),
    /** ISO date, YYYY-MM-DD. */
    date: text("date").notNull(),
    name: text("name").notNull(),
  },
  (t) => [primaryKey({ columns: [t.country, t.date] })],
);
