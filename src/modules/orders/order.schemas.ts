import { z } from "zod";
import { moneySchema } from "../../http/schemas.ts";
import { type OrderState, orderState, orderStates } from "./order-state.ts";
import type { OrderView } from "./orders.repository.ts";
import { orderPaymentStatuses, type PaymentInstructions } from "./schema.ts";

const orderTaxLineSchema = z.object({
  jurisdiction: z.string(),
  name: z.string(),
  ratePpm: z.number().int(),
  amount: moneySchema,
});

/** What a bank-transfer or purchase-order shopper needs to pay, as given at placement (G4). */
export const paymentInstructionsSchema = z
  .object({
    reference: z.string().describe("ISO 11649 creditor reference (RF…) to quote with the transfer."),
    amount: moneySchema,
    dueOn: z.string().describe("ISO date the money is due by."),
    payTo: z
      .object({ iban: z.string(), bic: z.string(), accountName: z.string() })
      .nullable()
      .describe("The merchant's bank account."),
    purchaseOrderNumber: z.string().nullable(),
    netDays: z.number().int().nullable().describe("Payment terms of a purchase-order invoice (net N days)."),
  })
  .meta({ id: "PaymentInstructions" });

/** `{ instructions }` for an offline payment, `{}` otherwise: card orders keep their old shape. */
export function paymentInstructionsJson(i: PaymentInstructions | null | undefined): {
  instructions?: z.input<typeof paymentInstructionsSchema>;
} {
  if (!i) return {};
  return {
    instructions: {
      reference: i.reference,
      amount: { amount: i.amount, currency: i.currency },
      dueOn: i.dueOn,
      payTo: i.payTo,
      purchaseOrderNumber: i.purchaseOrderNumber ?? null,
      netDays: i.netDays ?? null,
    },
  };
}

export const orderStateSchema = z
  .enum(orderStates)
  .describe(
    "The order's state, derived from its lifecycle, payment and fulfilment facets: awaiting_payment or " +
      "placed (authorized) → paid → partially_fulfilled → fulfilled → delivered; partially_refunded, " +
      "refunded and cancelled. An invoice may ship before it is paid: `paymentStatus` still tells.",
  )
  .meta({ id: "OrderState", example: "paid" });

/** The state a timeline entry moved the order to, when it did (entries since the state machine). */
export function timelineState(data: Record<string, unknown> | null): OrderState | null {
  const state = data?.state;
  return typeof state === "string" && (orderStates as readonly string[]).includes(state)
    ? (state as OrderState)
    : null;
}

export const orderSchema = z
  .object({
    id: z.string(),
    number: z.string().describe("Human-friendly order number, e.g. CW-1001."),
    state: orderStateSchema,
    status: z.enum(["placed", "cancelled"]).describe("Lifecycle facet of `state`."),
    paymentStatus: z.enum(orderPaymentStatuses).describe("Payment facet of `state`."),
    fulfillmentStatus: z
      .enum(["unfulfilled", "partially_fulfilled", "fulfilled", "delivered"])
      .describe("Fulfilment facet of `state`."),
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
    payment: z.object({
      provider: z.string(),
      brand: z.string().nullable(),
      last4: z.string().nullable(),
      instructions: paymentInstructionsSchema
        .optional()
        .describe("How to pay a bank transfer or purchase-order invoice; absent for other methods."),
    }),
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
    fx: z
      .object({
        baseCurrency: z.string(),
        rate: z.string().describe("Units of the order currency per unit of the base currency, exact."),
        lockedAt: z.string().describe("When checkout started and the rate was locked."),
        settlement: z.object({
          subtotal: moneySchema,
          discountTotal: moneySchema,
          shippingTotal: moneySchema,
          taxTotal: moneySchema,
          total: moneySchema,
        }),
      })
      .nullable()
      .optional()
      .describe("Presentment (totals) vs settlement (base currency) amounts; null in the base currency."),
    timeline: z
      .array(
        z.object({
          type: z
            .string()
            .describe("What happened, e.g. `placed`, `payment_captured`, `fulfillment_delivered`."),
          actor: z.string().describe("Who did it: shopper, merchant, system, carrier or a payment provider."),
          at: z.string(),
          state: orderStateSchema
            .nullable()
            .describe("The order's state after this entry, when the entry changed it; null otherwise."),
        }),
      )
      .describe("Every transition of the order, oldest first."),
    placedAt: z.string(),
  })
  .meta({ id: "Order" });

export type OrderJson = z.input<typeof orderSchema>;

export function toOrderJson(o: OrderView): OrderJson {
  const m = (amount: number) => ({ amount, currency: o.currency });
  return {
    id: o.id,
    number: o.number,
    state: orderState(o),
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
    payment: {
      provider: o.payment.provider,
      brand: o.payment.brand,
      last4: o.payment.last4,
      ...paymentInstructionsJson(o.payment.instructions),
    },
    giftCard: o.giftCard && { codeHint: o.giftCard.codeHint, amount: m(o.giftCard.amount) },
    amountCharged: m(o.total - (o.giftCard?.amount ?? 0)),
    totals: {
      subtotal: m(o.subtotal),
      discountTotal: m(o.discountTotal),
      shippingTotal: m(o.shippingTotal),
      taxTotal: m(o.taxTotal),
      total: m(o.total),
    },
    fx: o.fx && {
      ...o.fx,
      settlement: Object.fromEntries(
        Object.entries(o.fx.settlement).map(([k, amount]) => [k, { amount, currency: o.fx!.baseCurrency }]),
      ) as Record<keyof typeof o.fx.settlement, { amount: number; currency: string }>,
    },
    timeline: o.timeline.map((t) => ({
      type: t.type,
      actor: t.actor,
      at: t.at.toISOString(),
      state: timelineState(t.data),
    })),
    placedAt: o.placedAt.toISOString(),
  };
}
