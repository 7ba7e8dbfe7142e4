import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, numeric, pgTable, text, unique } from "drizzle-orm/pg-core";
import { minorUnits, timestamptz } from "../../shared/db/columns.ts";
import type { PostalAddress } from "../addresses/index.ts";

/** The shopper's address as the cart keeps it (validated by the addresses module). */
export type Address = PostalAddress;

export type CartStatus = "open" | "completing" | "completed" | "expired";

export const carts = pgTable(
  "carts",
  {
    id: text("id").primaryKey(),
    /** SHA-256 of the cart token; the token itself is only known to the shopper. */
    tokenHash: text("token_hash").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: ["open", "completing", "completed", "expired"] })
      .notNull()
      .default("open"),
    version: integer("version").notNull().default(1),
    email: text("email"),
    shippingAddress: jsonb("shipping_address").$type<Address>(),
    shippingMethodId: text("shipping_method_id"),
    /** The store the shopper collects from when the method is a pickup method. */
    pickupLocationId: text("pickup_location_id"),
    /** The invoice address; null means "same as the shipping address". */
    billingAddress: jsonb("billing_address").$type<Address>(),
    /** The buyer's VAT ID for B2B invoices (reverse charge in the EU), normalized. */
    vatId: text("vat_id"),
    /** A gift card the shopper applied (its id: the code itself is a secret we never keep). */
    giftCardId: text("gift_card_id"),
    /** Promotion codes the shopper entered, as entered; re-evaluated on every read. */
    promotionCodes: text("promotion_codes").array().notNull().default(sql`'{}'::text[]`),
    /**
     * The payment method chosen at the "payment method" step (a provider the store offers, and its
     * kind), so the step can be done before completion; completion still names the provider it pays with.
     */
    paymentProvider: text("payment_provider"),
    paymentKind: text("payment_kind"),
    /** The signed-in shopper this cart belongs to; null for a guest cart. */
    customerId: text("customer_id"),
    /** The base→cart-currency exchange rate locked when checkout started; null while live rates apply. */
    fxRate: numeric("fx_rate", { precision: 24, scale: 12 }),
    fxLockedAt: timestamptz("fx_locked_at"),
    createdAt: timestamptz("created_at").notNull(),
    updatedAt: timestamptz("updated_at").notNull(),
  },
  (t) => [
    index("carts_updated_idx").on(t.updatedAt),
    index("carts_customer_open_idx").on(t.customerId).where(sql`status = 'open'`),
  ],
);

export const cartLines = pgTable(
  "cart_lines",
  {
    id: text("id").primaryKey(),
    cartId: text("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    variantId: text("variant_id").notNull(),
    quantity: integer("quantity").notNull(),
    /**
     * The unit price (cart currency, minor units) the shopper last saw: recorded when the line is
     * added or changed and when the shopper acknowledges a price change. A read whose price differs
     * reports `price_changed`. Null for lines kept before this column existed: nothing to compare.
     */
    seenUnitPrice: minorUnits("seen_unit_price"),
    addedAt: timestamptz("added_at").notNull(),
  },
  (t) => [
    unique("cart_line_per_variant").on(t.cartId, t.variantId),
    check("cart_line_quantity_positive", sql`${t.quantity} > 0`),
  ],
);
