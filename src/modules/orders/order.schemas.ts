import { z } from "zod";
import { moneySchema } from "../../http/schemas.ts";
import type { OrderView } from "./orders.repository.ts";

export const orderSchema = z
  .object({
    id: z.string(),
    number: z.string().describe("Human-friendly order number, e.g. CW-1001."),
    status: z.enum(["placed", "cancelled"]),
    paymentStatus: z.enum(["authorized", "captured", "partially_refunded", "refunded", "voided"]),
    email: z.string(),
    currency: z.string(),
    lines: z.array(
      z.object({
        sku: z.string(),
        title: z.string(),
        quantity: z.number().int(),
        unitPrice: moneySchema,
        subtotal: moneySchema,
      }),
    ),
    shippingAddress: z.object({}).loose(),
    shipping: z.object({
      code: z.string(),
      name: z.string(),
      price: moneySchema,
      minTransitDays: z.number(),
      maxTransitDays: z.number(),
    }),
    payment: z.object({ provider: z.string(), brand: z.string().nullable(), last4: z.string().nullable() }),
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
    email: o.email,
    currency: o.currency,
    lines: o.lines.map((l) => ({
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unitPrice: m(l.unitPrice),
      subtotal: m(l.subtotal),
    })),
    shippingAddress: o.shippingAddress as unknown as Record<string, unknown>,
    shipping: {
      code: o.shipping.code,
      name: o.shipping.name,
      price: m(o.shipping.amount),
      minTransitDays: o.shipping.minTransitDays,
      maxTransitDays: o.shipping.maxTransitDays,
    },
    payment: o.payment,
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
