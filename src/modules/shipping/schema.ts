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
