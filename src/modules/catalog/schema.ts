import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, numeric, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { minorUnits, timestamptz } from "../../shared/db/columns.ts";

export const products = pgTable("catalog_products", {
  id: text("id").primaryKey(),
  handle: text("handle").notNull().unique(),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  status: text("status", { enum: ["active", "draft", "archived"] })
    .notNull()
    .default("active"),
  /** Image URLs, first one the main image; Cartwright links them, it does not host them. */
  images: jsonb("images").$type<string[]>().notNull().default([]),
  createdAt: timestamptz("created_at").notNull(),
});

export interface VariantDimensions {
  lengthMm: number;
  widthMm: number;
  heightMm: number;
}

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
  /** Parcel dimensions in millimetres, for carriers; null when not given. */
  dimensions: jsonb("dimensions").$type<VariantDimensions>(),
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

export type PriceRuleKind = "sale" | "tier" | "group" | "contract";

/**
 * A price that replaces the base price of a variant in one currency when it applies (see
 * resolve-price.ts for the precedence): a scheduled sale, a volume tier, a customer group's
 * price list entry or one customer's contract price. `min_quantity` makes any of them a tier.
 */
export const priceRules = pgTable(
  "catalog_price_rules",
  {
    id: text("id").primaryKey(),
    variantId: text("variant_id")
      .notNull()
      .references(() => variants.id),
    currency: text("currency").notNull(),
    kind: text("kind", { enum: ["sale", "tier", "group", "contract"] }).notNull(),
    amount: minorUnits("amount").notNull(),
    minQuantity: integer("min_quantity").notNull().default(1),
    /** For `group` rules: the customer group the price list is for. */
    customerGroup: text("customer_group"),
    /** For `contract` rules: the one customer it is negotiated with. */
    customerId: text("customer_id"),
    /** Applies from (inclusive) / until (exclusive); null is open-ended. */
    startsAt: timestamptz("starts_at"),
    endsAt: timestamptz("ends_at"),
    label: text("label").notNull().default(""),
    createdAt: timestamptz("created_at").notNull(),
  },
  (t) => [
    index("catalog_price_rules_variant_idx").on(t.variantId, t.currency),
    check("catalog_price_rules_amount_nonnegative", sql`${t.amount} >= 0`),
    check("catalog_price_rules_min_quantity_positive", sql`${t.minQuantity} >= 1`),
  ],
);

/**
 * Admin-set exchange rates: units of `currency` for one unit of the store's base currency, kept as
 * an exact decimal (never a float) so conversions are reproducible to the minor unit.
 */
export const fxRates = pgTable("catalog_fx_rates", {
  currency: text("currency").primaryKey(),
  rate: numeric("rate", { precision: 24, scale: 12 }).notNull(),
  updatedAt: timestamptz("updated_at").notNull(),
});

/**
 * How converted prices are rounded in a currency: to the nearest (or next, or previous) amount
 * `k × increment + ending` in minor units. Currencies without a row round to the minor unit.
 */
export const currencyRounding = pgTable("catalog_currency_rounding", {
  currency: text("currency").primaryKey(),
  increment: integer("increment").notNull(),
  ending: integer("ending").notNull().default(0),
  mode: text("mode", { enum: ["nearest", "up", "down"] })
    .notNull()
    .default("nearest"),
});

export const categories = pgTable("catalog_categories", {
  id: text("id").primaryKey(),
  handle: text("handle").notNull().unique(),
  name: text("name").notNull(),
  parentId: text("parent_id"),
  createdAt: timestamptz("created_at").notNull(),
});

export const productCategories = pgTable(
  "catalog_product_categories",
  {
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    categoryId: text("category_id")
      .notNull()
      .references(() => categories.id),
  },
  (t) => [primaryKey({ columns: [t.productId, t.categoryId] })],
);

export type RelationKind = "accessory" | "frequently_bought_together";

/** Products shown beside another one: accessories and items frequently bought together. */
export const productRelations = pgTable(
  "catalog_product_relations",
  {
    productId: text("product_id")
      .notNull()
      .references(() => products.id),
    relatedProductId: text("related_product_id")
      .notNull()
      .references(() => products.id),
    kind: text("kind", { enum: ["accessory", "frequently_bought_together"] }).notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.productId, t.relatedProductId, t.kind] })],
);
