import { z } from "zod";
import { moneySchema } from "../../http/schemas.ts";
import type { OrderView } from "./orders.repository.ts";

const orderTaxLineSchema = z.object({
  jurisdiction: z.string(),
  name: z.string(),
  ratePpm: z.number().int(),
  amount: moneySchema,
});

export const orderSchema = z
  .object({
    id: z.string(),
    number: z.string().describe("Human-friendly order number, e.g. CW-1001."),
    status: z.enum(["placed", "cancelled"]),
    paymentStatus: z.enum(["authorized", "captured", "partially_refunded", "refunded", "voided"]),
    fulfillmentStatus: z.enum(["unfulfilled", "partially_fulfilled", "fulfilled", "delivered"]),
    email: z.string(),
    currency: z.string(),
    lines: z.array(
      z.object({
        sku: z.string(),
        title: z.string(),
        quantity: z.number().int(),
        unitPrice: moneySchema,
        subtotal: moneySchema.describe("Net of tax."),
        discount: moneySchema.describe("The line's share of the discounts, net of tax."),
        tax: moneySchema,
        taxLines: z.array(orderTaxLineSchema),
      }),
    ),
    shippingAddress: z.object({}).loose(),
    billingAddress: z.object({}).loose().nullable().describe("Null: the shipping address was billed."),
    shipping: z.object({
      code: z.string(),
      name: z.string(),
      price: moneySchema,
      minTransitDays: z.number(),
      maxTransitDays: z.number(),
      estimate: z.object({ earliest: z.string(), latest: z.string() }).nullable(),
      tax: moneySchema,
    }),
    tax: z
      .object({
        pricesIncludeTax: z.boolean(),
        reverseCharge: z.boolean(),
        vatId: z.string().nullable(),
        notes: z.array(z.string()),
        breakdown: z.array(orderTaxLineSchema.extend({ taxable: moneySchema })),
        fallback: z.boolean(),
      })
      .nullable()
      .describe("How the order was taxed when placed; null for orders placed before tax existed."),
    promotions: z.array(
      z.object({
        promotionId: z.string(),
        code: z.string().nullable(),
        label: z.string(),
        amount: moneySchema,
        shipping: moneySchema,
      }),
    ),
    payment: z.object({ provider: z.string(), brand: z.string().nullable(), last4: z.string().nullable() }),
    giftCard: z
      .object({ codeHint: z.string(), amount: moneySchema })
      .nullable()
      .describe("Paid by gift card; the payment method was charged `amountCharged`."),
    amountCharged: moneySchema.describe("total − giftCard.amount: what the payment provider was asked for."),
    totals: z.object({
      subtotal: moneySchema,
      discountTotal: moneySchema,
      shippingTotal: moneySchema,
      taxTotal: moneySchema,
      total: moneySchema,
    }),
    timeline: z.array(z.object({ type: z.string(), actor: z.string(), at: z.string() })),
    placedAt: z.string(),
  })
  .meta({ id: "Order" });

export type OrderJson = z.input<typeof orderSchema>;

export function toOrderJson(o: OrderView): OrderJson {
  const m = (amount: number) => ({ amount, currency: o.currency });
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    paymentStatus: o.paymentStatus,
    fulfillmentStatus: o.fulfillmentStatus,
    email: o.email,
    currency: o.currency,
    lines: o.lines.map((l) => ({
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unitPrice: m(l.unitPrice),
      subtotal: m(l.subtotal),
      discount: m(l.discount),
      tax: m(l.tax),
      taxLines: l.taxLines.map((t) => ({ ...t, amount: m(t.amount) })),
    })),
    shippingAddress: o.shippingAddress as unknown as Record<string, unknown>,
    billingAddress: (o.billingAddress as unknown as Record<string, unknown> | null) ?? null,
    shipping: {
      code: o.shipping.code,
      name: o.shipping.name,
      price: m(o.shipping.amount),
      minTransitDays: o.shipping.minTransitDays,
      maxTransitDays: o.shipping.maxTransitDays,
      estimate: o.shipping.estimate ?? null,
      tax: m(o.shipping.tax ?? 0),
    },
    promotions: o.promotions.map((p) => ({ ...p, amount: m(p.amount), shipping: m(p.shipping) })),
    tax: o.tax && {
      pricesIncludeTax: o.tax.pricesIncludeTax,
      reverseCharge: o.tax.reverseCharge,
      vatId: o.tax.vatId,
      notes: o.tax.notes,
      breakdown: o.tax.breakdown.map((b) => ({
        jurisdiction: b.jurisdiction,
        name: b.name,
        ratePpm: b.ratePpm,
        taxable: m(b.taxable ?? 0),
        amount: m(b.amount),
      })),
      fallback: o.tax.fallback,
    },
    payment: o.payment,
    giftCard: o.giftCard && { codeHint: o.giftCard.codeHint, amount: m(o.giftCard.amount) },
    amountCharged: m(o.total - (o.giftCard?.amount ?? 0)),
    totals: {
      subtotal: m(o.subtotal),
      discountTotal: m(o.discountTotal),
      shippingTotal: m(o.shippingTotal),
      taxTotal: m(o.taxTotal),
      total: m(o.total),
    },
    timeline: o.timeline.map((t) => ({ type: t.type, actor: t.actor, at: t.at.toISOString() })),
    placedAt: o.placedAt.toISOString(),
  };
}
