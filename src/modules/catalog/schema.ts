import { integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { minorUnits, timestamptz } from "../../shared/db/columns.ts";

export const products = pgTable("catalog_products", {
  id: text("id").primaryKey(),
  handle: text("handle").notNull().unique(),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  status: text("status", { enum: ["active", "draft", "archived"] })
    .notNull()
    .default("active"),
  createdAt: timestamptz("created_at").notNull(),
});

export const variants = pgTable("catalog_variants", {
  id: text("id").primaryKey(),
  productId: text("product_id")
    .notNull()
    .references(() => products.id),
  sku: text("sku").notNull().unique(),
  title: text("title").notNull(),
  options: jsonb("options").$type<Record<string, string>>().notNull().default({}),
  weightGrams: integer("weight_grams").notNull().default(0),
  /** Tax category (standard, reduced, books, food, …): the tax module maps it to a rate per country. */
  taxCategory: text("tax_category").notNull().default("standard"),
  status: text("status", { enum: ["active", "archived"] })
    .notNull()
    .default("active"),
});

/** A variant's price in one currency, in minor units. */
export const prices = pgTable(
  "catalog_prices",
  {
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id),
    currency: text("currency").notNull(),
    amount: minorUnits("amount").notNull(),
  },
  (t) => [primaryKey({ columns: [t.variantId, t.currency] })],
);
