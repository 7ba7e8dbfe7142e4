import { z } from "zod";
import { moneySchema } from "../../http/schemas.ts";
import type { ReturnView } from "./returns.repository.ts";
import { dispositions, refundMethods, returnReasons, returnStatuses } from "./schema.ts";

export const returnSchema = z
  .object({
    id: z.string(),
    number: z.string().describe("Human-friendly return number, e.g. RMA-1001."),
    orderId: z.string(),
    orderNumber: z.string(),
    status: z.enum(returnStatuses),
    reason: z.enum(returnReasons),
    note: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    lines: z.array(
      z.object({
        sku: z.string(),
        title: z.string(),
        quantity: z.number().int(),
        receivedQuantity: z.number().int().nullable(),
        disposition: z.enum(dispositions).nullable(),
        exchange: z
          .object({ sku: z.string(), title: z.string() })
          .nullable()
          .describe("The variant sent instead of a refund for this line; null: refunded."),
      }),
    ),
    replacementOrder: z
      .object({ id: z.string(), number: z.string() })
      .nullable()
      .describe(
        "The order, at no charge, that ships the exchanged variants; placed when the return is received.",
      ),
    label: z
      .object({
        carrier: z.string(),
        trackingNumber: z.string(),
        trackingUrl: z.string().nullable(),
        trackingStatus: z
          .enum(["in_transit", "out_for_delivery", "delivered", "exception"])
          .nullable()
          .describe(
            "Where the parcel is on its way to the warehouse, from the carrier's webhook; null: no scan yet.",
          ),
        trackedAt: z.string().nullable().describe("When the carrier scanned that status."),
      })
      .nullable()
      .describe("The return label, once approved; download it as label.pdf."),
    refund: z
      .object({
        id: z.string(),
        method: z.enum(refundMethods),
        status: z.enum(["pending", "succeeded", "failed"]),
        amount: moneySchema,
        includesShipping: z.boolean(),
        toGiftCard: moneySchema.describe(
          "Of `amount`, what goes back on the gift card that paid part of the order (original_payment " +
            "refunds: the card or bank payment first, the gift card for what it cannot take).",
        ),
        creditNoteNumber: z.string().nullable().describe("Download it as credit-note.pdf."),
        failureReason: z.string().nullable(),
      })
      .nullable()
      .describe("The latest refund attempt."),
    transitions: z.array(
      z.object({
        from: z.string().nullable(),
        to: z.string(),
        actor: z
          .string()
          .describe("Who moved it: `shopper`, or the id (`key_…`) of the Admin API key that acted."),
        at: z.string(),
      }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "Return" });

export function toReturnJson(r: ReturnView): z.input<typeof returnSchema> {
  const refund = r.refunds.at(-1);
  return {
    id: r.id,
    number: r.number,
    orderId: r.orderId,
    orderNumber: r.orderNumber,
    status: r.status,
    reason: r.reason,
    note: r.note,
    rejectionReason: r.rejectionReason,
    lines: r.lines.map((l) => ({
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      receivedQuantity: l.receivedQuantity,
      disposition: l.disposition,
      exchange: l.exchangeSku ? { sku: l.exchangeSku, title: l.exchangeTitle ?? l.exchangeSku } : null,
    })),
    replacementOrder:
      r.replacementOrderId && r.replacementOrderNumber
        ? { id: r.replacementOrderId, number: r.replacementOrderNumber }
        : null,
    label:
      r.hasLabel && r.carrier && r.trackingNumber
        ? {
            carrier: r.carrier,
            trackingNumber: r.trackingNumber,
            trackingUrl: r.trackingUrl,
            trackingStatus: r.trackingStatus,
            trackedAt: r.trackingAt?.toISOString() ?? null,
          }
        : null,
    refund: refund
      ? {
          id: refund.id,
          method: refund.method,
          status: refund.status,
          amount: { amount: refund.amount, currency: refund.currency },
          includesShipping: refund.includesShipping,
          toGiftCard: {
            amount: refund.method === "original_payment" ? refund.giftCardAmount : 0,
            currency: refund.currency,
          },
          creditNoteNumber: refund.creditNoteNumber,
          failureReason: refund.failureReason,
        }
      : null,
    transitions: r.transitions.map((t) => ({
      from: t.fromStatus,
      to: t.toStatus,
      actor: t.actor,
      at: t.at.toISOString(),
    })),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const sku = z.string().min(1).max(64);

export const returnRequestBody = z.object({
  lines: z
    .array(
      z.object({
        sku,
        quantity: z.number().int().min(1).max(100_000),
        exchange: z
          .object({
            sku,
            ifOutOfStock: z
              .enum(["refuse", "refund"])
              .default("refuse")
              .describe(
                "When the replacement is out of stock: refuse the exchange (409), or refund the line.",
              ),
          })
          .optional()
          .describe(
            "Send this variant of the same product instead of a refund; same price only (else exchange_price_differs).",
          ),
      }),
    )
    .min(1)
    .max(200),
  reason: z.enum(returnReasons),
  note: z.string().max(1000).optional(),
});

export const receiveBody = z.object({
  lines: z
    .array(
      z.object({
        sku,
        quantity: z.number().int().min(0).max(100_000).optional().describe("Default: all announced units."),
        disposition: z.enum(dispositions).describe("restock: back on the shelf; write_off: damaged."),
      }),
    )
    .max(200),
});

export const refundBody = z.object({
  method: z
    .enum(refundMethods)
    .describe("original_payment: through the payment provider; store_credit or gift_card: a new card."),
  includeShipping: z.boolean().default(false),
  amount: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("A partial refund, minor units; default: all owed."),
  reason: z.string().min(1).max(500).optional(),
});
