import { z } from "zod";
import { isSupportedCurrency } from "../../../shared/money/index.ts";

/**
 * The rules of a promotion as stored (JSON) and as accepted from the Admin API. Amounts are integer
 * minor units per currency, never converted: a merchant who sells in JPY and KWD states both.
 * Rates are integer parts per million (100_000 = 10 %), so no float ever touches money.
 */

const currencyKey = z
  .string()
  .refine(isSupportedCurrency, "must be a supported ISO 4217 currency code such as USD");
const minorUnits = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const ratePpm = z.number().int().min(1).max(1_000_000).describe("Parts per million: 100000 is 10 %.");

/** An amount for each currency the promotion works in; a cart in another currency gets none. */
export const amountsByCurrency = z
  .record(currencyKey, minorUnits)
  .refine((r) => Object.keys(r).length > 0, "needs at least one currency")
  .describe('Integer minor units per ISO 4217 currency, e.g. { "USD": 1000, "JPY": 1500 }.');

const ids = z.array(z.string().min(1).max(64)).max(500);

/** Which lines a product-level discount touches: a line matches when any listed id matches. */
export const lineTarget = z
  .object({ skus: ids.optional(), productIds: ids.optional(), categoryIds: ids.optional() })
  .refine(
    (t) => (t.skus?.length ?? 0) + (t.productIds?.length ?? 0) + (t.categoryIds?.length ?? 0) > 0,
    "name at least one SKU, product or category",
  );

const tier = z.object({ threshold: z.number().int().min(0), amount: minorUnits });

export const promotionEffect = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("order_percentage"), ratePpm }),
  z.object({ kind: z.literal("order_fixed"), amounts: amountsByCurrency }),
  z.object({ kind: z.literal("items_percentage"), target: lineTarget, ratePpm }),
  z.object({
    kind: z.literal("items_fixed"),
    target: lineTarget,
    amountsPerUnit: amountsByCurrency.describe("Off each matching unit, per currency."),
  }),
  z.object({
    kind: z.literal("buy_x_get_y"),
    target: lineTarget,
    buyQuantity: z.number().int().min(1).max(100),
    getQuantity: z.number().int().min(1).max(100),
    ratePpm: ratePpm.describe("Off each reward unit; 1000000 makes it free."),
    maxApplications: z.number().int().min(1).max(1000).optional(),
  }),
  z.object({ kind: z.literal("free_shipping") }),
  z.object({
    kind: z.literal("tiered"),
    tiers: z
      .record(currencyKey, z.array(tier).min(1).max(20))
      .refine((r) => Object.keys(r).length > 0, "needs at least one currency")
      .describe("Per currency, spend thresholds (subtotal ≥ threshold) and the amount off for each."),
  }),
]);

export const promotionConditions = z.object({
  currencies: z.array(currencyKey).min(1).max(200).optional(),
  minimumSubtotal: amountsByCurrency.optional(),
  customerGroups: z.array(z.string().min(1).max(64)).min(1).max(100).optional(),
  firstOrderOnly: z.boolean().optional(),
});

export const promotionRules = z.object({ conditions: promotionConditions, effect: promotionEffect });

export type PromotionEffect = z.infer<typeof promotionEffect>;
export type PromotionConditions = z.infer<typeof promotionConditions>;
export type PromotionRules = z.infer<typeof promotionRules>;
export type LineTarget = z.infer<typeof lineTarget>;
export type PromotionKind = PromotionEffect["kind"];

/** How a promotion combines with others: alone (exclusive) or alongside other combinable ones. */
export type Stacking = "exclusive" | "combinable";

/** A promotion as the engine sees it: storage-free and clock-free. */
export interface Promotion {
  id: string;
  label: string;
  automatic: boolean;
  /** Higher goes first; ties go to the older id, so the outcome never depends on load order. */
  priority: number;
  stacking: Stacking;
  startsAt: Date | null;
  /** Exclusive: a promotion ending at 10:00 no longer applies at 10:00. */
  endsAt: Date | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  rules: PromotionRules;
}
