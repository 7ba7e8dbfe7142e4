import { z } from "zod";
import { moneySchema } from "../../http/schemas.ts";
import { promotionConditions, promotionEffect } from "./domain/promotion-rules.ts";
import type { GiftCardView, LedgerEntry } from "./find-gift-card.ts";
import type { PromotionView } from "./promotions.repository.ts";

const limit = z.number().int().min(1).max(1_000_000_000);

export const newPromotionSchema = z
  .object({
    label: z.string().trim().min(1).max(200).describe("Shown to shoppers next to the discount."),
    automatic: z.boolean().default(false).describe("Applies without a code when its conditions hold."),
    codes: z
      .array(
        z
          .string()
          .trim()
          .min(3)
          .max(64)
          .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _ only"),
      )
      .max(100)
      .default([])
      .describe("Codes that unlock it, unique case-insensitively."),
    priority: z.number().int().min(-1000).max(1000).default(0).describe("Higher applies first."),
    stacking: z.enum(["exclusive", "combinable"]).default("combinable"),
    conditions: promotionConditions.default({}),
    effect: promotionEffect,
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso
      .datetime({ offset: true })
      .optional()
      .describe("Exclusive: not valid from this instant on."),
    usageLimit: limit.optional().describe("Total uses across all orders."),
    perCustomerLimit: limit.optional().describe("Uses per customer (signed-in id, else e-mail)."),
  })
  .meta({
    id: "NewPromotion",
    example: {
      label: "10 off over 100, 25 off over 200",
      codes: ["SPRING25"],
      stacking: "combinable",
      conditions: { currencies: ["USD", "EUR"] },
      effect: {
        kind: "tiered",
        tiers: {
          USD: [
            { threshold: 10000, amount: 1000 },
            { threshold: 20000, amount: 2500 },
          ],
          EUR: [
            { threshold: 9000, amount: 900 },
            { threshold: 18000, amount: 2200 },
          ],
        },
      },
      usageLimit: 500,
      perCustomerLimit: 1,
    },
  });

export const promotionSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    status: z.enum(["active", "disabled"]),
    automatic: z.boolean(),
    codes: z.array(z.string()),
    priority: z.number().int(),
    stacking: z.enum(["exclusive", "combinable"]),
    conditions: promotionConditions,
    effect: promotionEffect,
    startsAt: z.string().nullable(),
    endsAt: z.string().nullable(),
    usageLimit: z.number().int().nullable(),
    perCustomerLimit: z.number().int().nullable(),
    used: z.number().int(),
    createdAt: z.string(),
  })
  .meta({
    id: "Promotion",
    example: {
      id: "promo_01JX90A1B2",
      label: "10 % off apparel",
      status: "active",
      automatic: false,
      codes: ["APPAREL10"],
      priority: 0,
      stacking: "combinable",
      conditions: { minimumSubtotal: { USD: 5000, EUR: 4500 } },
      effect: { kind: "items_percentage", target: { categoryIds: ["cat_apparel"] }, ratePpm: 100000 },
      startsAt: "2026-06-01T00:00:00.000Z",
      endsAt: "2026-07-01T00:00:00.000Z",
      usageLimit: 1000,
      perCustomerLimit: 1,
      used: 42,
      createdAt: "2026-05-20T09:30:00.000Z",
    },
  });

export function toPromotionJson(p: PromotionView): z.infer<typeof promotionSchema> {
  return {
    id: p.id,
    label: p.label,
    status: p.status,
    automatic: p.automatic,
    codes: p.codes,
    priority: p.priority,
    stacking: p.stacking,
    conditions: p.rules.conditions,
    effect: p.rules.effect,
    startsAt: p.startsAt?.toISOString() ?? null,
    endsAt: p.endsAt?.toISOString() ?? null,
    usageLimit: p.usageLimit,
    perCustomerLimit: p.perCustomerLimit,
    used: p.used,
    createdAt: p.createdAt.toISOString(),
  };
}

export const newGiftCardSchema = z
  .object({
    amount: moneySchema.describe("Initial balance; the card can only be spent in this currency."),
    kind: z.enum(["gift_card", "store_credit"]).default("gift_card"),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
    customerId: z.string().min(1).max(64).optional().describe("For store credit: whose it is."),
    note: z.string().max(500).optional(),
  })
  .meta({
    id: "NewGiftCard",
    example: { amount: { amount: 5000, currency: "EUR" }, expiresAt: "2027-12-31T23:59:59Z" },
  });

export const giftCardSchema = z
  .object({
    id: z.string(),
    kind: z.enum(["gift_card", "store_credit"]),
    codeHint: z.string().describe("Last four characters of the code."),
    initialAmount: moneySchema,
    balance: moneySchema,
    status: z.enum(["active", "disabled"]),
    expiresAt: z.string().nullable(),
    customerId: z.string().nullable(),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({
    id: "GiftCard",
    example: {
      id: "gc_01JX90C3D4",
      kind: "gift_card",
      codeHint: "7QX2",
      initialAmount: { amount: 5000, currency: "EUR" },
      balance: { amount: 3210, currency: "EUR" },
      status: "active",
      expiresAt: "2027-12-31T23:59:59.000Z",
      customerId: null,
      note: null,
      createdAt: "2026-06-01T12:00:00.000Z",
    },
  });

export const ledgerEntrySchema = z
  .object({
    id: z.string(),
    kind: z
      .enum(["hold", "capture", "release", "credit"])
      .describe(
        "hold takes money off the balance, release gives a hold back, capture makes it final, credit refunds.",
      ),
    amount: moneySchema,
    reference: z.string().describe("The checkout attempt or refund it belongs to."),
    createdAt: z.string(),
  })
  .meta({
    id: "GiftCardLedgerEntry",
    example: {
      id: "gcl_01JX90E5F6",
      kind: "hold",
      amount: { amount: 1790, currency: "EUR" },
      reference: "att_01JX90G7H8",
      createdAt: "2026-06-02T08:15:00.000Z",
    },
  });

export function toGiftCardJson(c: GiftCardView): z.infer<typeof giftCardSchema> {
  return {
    id: c.id,
    kind: c.kind,
    codeHint: c.codeHint,
    initialAmount: { amount: c.initialAmount, currency: c.currency },
    balance: { amount: c.balance, currency: c.currency },
    status: c.status,
    expiresAt: c.expiresAt?.toISOString() ?? null,
    customerId: c.customerId,
    note: c.note,
    createdAt: c.createdAt.toISOString(),
  };
}

export function toLedgerJson(e: LedgerEntry, currency: string): z.infer<typeof ledgerEntrySchema> {
  return { ...e, amount: { amount: e.amount, currency }, createdAt: e.createdAt.toISOString() };
}
