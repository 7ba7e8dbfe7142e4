import { z } from "zod";
import { moneySchema } from "../../http/schemas.ts";
import {
  orderSchema,
  orderStateSchema,
  paymentInstructionsJson,
  paymentInstructionsSchema,
  toOrderJson,
} from "./order.schemas.ts";
import { orderState } from "./order-state.ts";
import type { OrderView } from "./orders.repository.ts";
import { orderPaymentStatuses } from "./schema.ts";

/** The completion response: the order plus, when this response placed it, the shopper's key to it. */
export const placedOrderSchema = orderSchema
  .extend({
    accessToken: z
      .string()
      .optional()
      .describe(
        "Opens the order on the Store API (`x-order-token`). Returned only by the response that placed " +
          "the order (and its idempotent replays); the confirmation email links it too.",
      ),
  })
  .meta({ id: "PlacedOrder" });

export function toPlacedOrderJson(o: OrderView): z.input<typeof placedOrderSchema> {
  return { ...toOrderJson(o), ...(o.accessToken ? { accessToken: o.accessToken } : {}) };
}

const orderStatusTaxLineSchema = z.object({
  jurisdiction: z.string(),
  name: z.string(),
  ratePpm: z.number().int().describe("Rate in parts per million: 190000 is 19 %."),
  amount: moneySchema,
});

/**
 * What the shopper's order status page shows. Addresses and the email stay out: the token may be
 * forwarded with the confirmation email, and status is all a forwarded link needs.
 */
export const orderStatusSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    state: orderStateSchema,
    status: z.enum(["placed", "cancelled"]),
    paymentStatus: z.enum(orderPaymentStatuses),
    fulfillmentStatus: z.enum(["unfulfilled", "partially_fulfilled", "fulfilled", "delivered"]),
    placedAt: z.string(),
    timeline: z.array(z.object({ type: z.string(), at: z.string() })),
    lines: z.array(
      z.object({
        sku: z.string(),
        title: z.string(),
        quantity: z.number().int(),
        unitPrice: moneySchema.describe("Shelf price of one unit (tax included where pricesIncludeTax)."),
        subtotal: moneySchema.describe("Net of tax, before discount."),
        discount: moneySchema.describe("The line's share of the discounts, net of tax."),
        tax: moneySchema,
        total: moneySchema.describe(
          "What the line cost: subtotal − discount + tax. Where prices include tax and nothing was " +
            "taken off, unitPrice × quantity.",
        ),
      }),
    ),
    promotions: z.array(
      z.object({
        label: z.string(),
        amount: moneySchema.describe(
          "Everything the promotion took off, shipping included, at shelf prices.",
        ),
      }),
    ),
    shipping: z.object({
      name: z.string(),
      price: moneySchema.describe("The method's shelf price (tax included where pricesIncludeTax)."),
      tax: moneySchema.describe(
        "Tax on shipping, part of totals.taxTotal: shipping with tax is totals.shippingTotal + this.",
      ),
      estimate: z
        .object({ earliest: z.string(), latest: z.string() })
        .nullable()
        .describe("Delivery date range promised at placement (ISO dates)."),
    }),
    pricesIncludeTax: z
      .boolean()
      .describe(
        "Shelf prices included tax where the order shipped (EU, UK, JP, AU…): show lines and shipping " +
          "with tax and the tax as included, as the checkout did. Totals are net + tax either way " +
          "(docs/decisions/006-tax-inclusive-totals.md). False for orders placed before tax existed.",
      ),
    tax: z.object({
      breakdown: z
        .array(orderStatusTaxLineSchema)
        .describe('One entry per tax and rate ("VAT 19 %"); adds up to totals.taxTotal.'),
    }),
    payment: z.object({
      brand: z.string().nullable(),
      last4: z.string().nullable(),
      instructions: paymentInstructionsSchema.optional(),
    }),
    totals: z.object({
      subtotal: moneySchema,
      discountTotal: moneySchema,
      shippingTotal: moneySchema,
      taxTotal: moneySchema,
      total: moneySchema,
    }),
  })
  .meta({ id: "OrderStatus" });

export function toOrderStatusJson(o: OrderView): z.input<typeof orderStatusSchema> {
  const m = (amount: number) => ({ amount, currency: o.currency });
  return {
    id: o.id,
    number: o.number,
    state: orderState(o),
    status: o.status,
    paymentStatus: o.paymentStatus,
    fulfillmentStatus: o.fulfillmentStatus,
    placedAt: o.placedAt.toISOString(),
    // Who acted (shopper, merchant, webhook) is the merchant's business, not the status page's.
    timeline: o.timeline.map((t) => ({ type: t.type, at: t.at.toISOString() })),
    lines: o.lines.map((l) => ({
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unitPrice: m(l.unitPrice),
      subtotal: m(l.subtotal),
      discount: m(l.discount),
      tax: m(l.tax),
      total: m(l.subtotal - l.discount + l.tax),
    })),
    // `amount` already holds the shipping share (Σ lines + shipping), so it is not added again.
    promotions: o.promotions.map((p) => ({ label: p.label, amount: m(p.amount) })),
    shipping: {
      name: o.shipping.name,
      price: m(o.shipping.amount),
      tax: m(o.shipping.tax ?? 0),
      estimate: o.shipping.estimate ?? null,
    },
    pricesIncludeTax: o.tax?.pricesIncludeTax ?? false,
    tax: {
      breakdown: (o.tax?.breakdown ?? []).map((b) => ({
        jurisdiction: b.jurisdiction,
        name: b.name,
        ratePpm: b.ratePpm,
        amount: m(b.amount),
      })),
    },
    payment: {
      brand: o.payment.brand,
      last4: o.payment.last4,
      ...paymentInstructionsJson(o.payment.instructions),
    },
    totals: {
      subtotal: m(o.subtotal),
      discountTotal: m(o.discountTotal),
      shippingTotal: m(o.shippingTotal),
      taxTotal: m(o.taxTotal),
      total: m(o.total),
    },
  };
}
