import { index, integer, jsonb, pgSequence, pgTable, text } from "drizzle-orm/pg-core";
import { minorUnits, timestamptz } from "../../shared/db/columns.ts";
import type { PostalAddress } from "../addresses/index.ts";

/** Human-friendly order numbers; a rolled-back placement may leave a gap, never a duplicate. */
export const orderNumberSeq = pgSequence("order_number_seq", { startWith: 1001 });

/** An address as the order snapshot keeps it. */
export type OrderAddress = PostalAddress;

export interface OrderShipping {
  methodId: string;
  code: string;
  name: string;
  amount: number;
  minTransitDays: number;
  maxTransitDays: number;
  /** The delivery date range promised when the order was placed (ISO dates). */
  estimate?: { earliest: string; latest: string } | null;
  /** Tax on shipping; `amount` above is its shelf price. */
  tax?: number;
  /** Set for store pickup: where the shopper collects the order, ready from `readyFrom`. */
  kind?: "delivery" | "pickup";
  pickupLocation?: {
    id: string;
    name: string;
    address: {
      line1: string;
      line2?: string | undefined;
      city: string;
      region?: string | undefined;
      postalCode: string;
      country: string;
    };
    timeZone: string;
    openingHours: { weekday: number; opens: string; closes: string }[];
    readyFrom: string | null;
  };
}

/** One tax of one jurisdiction at one rate, as charged. */
export interface OrderTaxLine {
  jurisdiction: string;
  name: string;
  ratePpm: number;
  taxable?: number;
  amount: number;
}

/** How the order was taxed, frozen at placement (G4). */
export interface OrderTax {
  pricesIncludeTax: boolean;
  reverseCharge: boolean;
  vatId: string | null;
  notes: string[];
  breakdown: OrderTaxLine[];
  provider: string;
  fallback: boolean;
}

export type OrderStatus = "placed" | "cancelled";

export const orderPaymentStatuses = [
  /** Bank transfer or purchase-order invoice: placed, stock committed, money still to come. */
  "awaiting_payment",
  "partially_paid",
  "authorized",
  "captured",
  "partially_refunded",
  "refunded",
  "voided",
] as const;

/**
 * How the order is paid, as placed (G4). Offline methods (bank transfer, purchase order) carry
 * what the shopper needs to pay: the account, the creditor reference and the due date.
 */
export interface OrderPayment {
  provider: string;
  brand: string | null;
  last4: string | null;
  instructions?: PaymentInstructions | null;
}

export interface PaymentInstructions {
  /** ISO 11649 creditor reference to quote with the transfer. */
  reference: string;
  amount: number;
  currency: string;
  /** ISO date: unpaid bank transfers are cancelled after it; invoices fall due on it. */
  dueOn: string;
  payTo: { iban: string; bic: string; accountName: string } | null;
  purchaseOrderNumber?: string;
  netDays?: number;
}

export type FulfillmentStatus = "unfulfilled" | "partially_fulfilled" | "fulfilled" | "delivered";

/** A placed order: a snapshot that later price, tax or rate changes never touch (G4). */
export const orders = pgTable(
  "orders",
  {
    id: text("id").primaryKey(),
    number: text("number").notNull().unique(),
    /** At most one order per cart (G5): the database refuses a second. */
    cartId: text("cart_id").notNull().unique(),
    attemptId: text("attempt_id").notNull().unique(),
    status: text("status", { enum: ["placed", "cancelled"] }).notNull(),
    paymentStatus: text("payment_status", { enum: orderPaymentStatuses }).notNull(),
    /** Follows the shipments the fulfillment module creates and the carrier reports delivered. */
    fulfillmentStatus: text("fulfillment_status", {
      enum: ["unfulfilled", "partially_fulfilled", "fulfilled", "delivered"],
    })
      .notNull()
      .default("unfulfilled"),
    email: text("email").notNull(),
    currency: text("currency").notNull(),
    subtotal: minorUnits("subtotal").notNull(),
    discountTotal: minorUnits("discount_total").notNull(),
    shippingTotal: minorUnits("shipping_total").notNull(),
    taxTotal: minorUnits("tax_total").notNull(),
    total: minorUnits("total").notNull(),
    shippingAddress: jsonb("shipping_address").$type<OrderAddress>().notNull(),
    shipping: jsonb("shipping").$type<OrderShipping>().notNull(),
    /** Null only for orders placed before tax was computed. */
    tax: jsonb("tax").$type<OrderTax>(),
    /** Part of the total paid by a gift card; the payment provider was charged the rest (G3). */
    giftCard: jsonb("gift_card").$type<OrderGiftCard>(),
    /** The promotions applied, as the shopper saw them explained (G4: a snapshot). */
    promotions: jsonb("promotions").$type<OrderPromotion[]>().notNull().default([]),
    /** Null when it was the shipping address. */
    billingAddress: jsonb("billing_address").$type<OrderAddress>(),
    payment: jsonb("payment").$type<OrderPayment>().notNull(),
    /** Presentment vs settlement: the rate locked at checkout and the totals in the base currency. */
    fx: jsonb("fx").$type<OrderFx>(),
    placedAt: timestamptz("placed_at").notNull(),
    /**
     * SHA-256 (hex) of the shopper's order access token; the token itself is never stored here.
     * Null for orders placed before tokens existed: nobody can read those through the Store API.
     */
    accessTokenHash: text("access_token_hash"),
    /** The customer account the order belongs to: placed signed in, or claimed later by its email. */
    customerId: text("customer_id"),
  },
  (t) => [
    index("orders_placed_idx").on(t.placedAt),
    index("orders_email_idx").on(t.email),
    index("orders_customer_idx").on(t.customerId, t.placedAt),
  ],
);

/** The order's totals converted to the store's base currency at the rate locked at checkout. */
export interface OrderFx {
  baseCurrency: string;
  /** Units of the order currency per unit of the base currency, as an exact decimal string. */
  rate: string;
  lockedAt: string;
  settlement: {
    subtotal: number;
    discountTotal: number;
    shippingTotal: number;
    taxTotal: number;
    total: number;
  };
}

export interface OrderGiftCard {
  giftCardId: string;
  codeHint: string;
  amount: number;
}

export interface OrderPromotion {
  promotionId: string;
  code: string | null;
  label: string;
  /** Off lines (at shelf price) and shipping, minor units. */
  amount: number;
  shipping: number;
}

export const orderLines = pgTable(
  "order_lines",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    position: integer("position").notNull(),
    variantId: text("variant_id").notNull(),
    sku: text("sku").notNull(),
    title: text("title").notNull(),
    quantity: integer("quantity").notNull(),
    unitPrice: minorUnits("unit_price").notNull(),
    subtotal: minorUnits("subtotal").notNull(),
    /** The line's share of the order's discounts, net of tax (G2: lines add up to discountTotal). */
    discount: minorUnits("discount").notNull().default(0),
    /** Tax charged on the line; `subtotal` is net of it. */
    tax: minorUnits("tax").notNull().default(0),
    taxLines: jsonb("tax_lines").$type<OrderTaxLine[]>().notNull().default([]),
  },
  (t) => [index("order_lines_order_idx").on(t.orderId)],
);

/** Every transition of an order, with who made it and when. */
export const orderTimeline = pgTable(
  "order_timeline",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    type: text("type").notNull(),
    actor: text("actor").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>(),
    at: timestamptz("at").notNull(),
  },
  (t) => [index("order_timeline_order_idx").on(t.orderId, t.at)],
);
