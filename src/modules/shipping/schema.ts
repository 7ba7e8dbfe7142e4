import { boolean, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { minorUnits } from "../../shared/db/columns.ts";

export const shippingMethods = pgTable("shipping_methods", {
  id: text("id").primaryKey(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  /** ISO 3166-1 alpha-2 codes this method delivers to. */
  countries: text("countries").array().notNull(),
  minTransitDays: integer("min_transit_days").notNull(),
  maxTransitDays: integer("max_transit_days").notNull(),
  active: boolean("active").notNull().default(true),
});

/** A flat rate per currency, in minor units. */
export const shippingRates = pgTable(
  "shipping_rates",
  {
    methodId: text("method_id")
      .notNull()
      .references(() => shippingMethods.id),
    currency: text("currency").notNull(),
    amount: minorUnits("amount").notNull(),
  },
  (t) => [primaryKey({ columns: [t.methodId, t.currency] })],
);

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
