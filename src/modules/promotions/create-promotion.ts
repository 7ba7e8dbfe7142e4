import type { Db } from "../../shared/db/database.ts";
import { FailureError, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import type { PromotionRules, Stacking } from "./domain/promotion-rules.ts";
import { getPromotion, normalizeCode, type PromotionView } from "./promotions.repository.ts";
import { changesPromotions } from "./promotions-cache.ts";
import { promotionCodes, promotions } from "./schema.ts";

export interface NewPromotion {
  label: string;
  automatic: boolean;
  codes: readonly string[];
  priority: number;
  stacking: Stacking;
  rules: PromotionRules;
  startsAt?: Date | undefined;
  endsAt?: Date | undefined;
  usageLimit?: number | undefined;
  perCustomerLimit?: number | undefined;
}

/**
 * Creates a promotion with its codes and a `promotion.created` event in one transaction. Refused
 * with `promotion_code_taken` when a code exists already (in any case), with `validation_failed`
 * for a window that ends before it starts or an automatic promotion that also has codes.
 */
export const createPromotion = changesPromotions(async function createPromotion(
  db: Db,
  input: NewPromotion,
  at: Date,
): Promise<Result<PromotionView>> {
  const invalid = checkShape(input);
  if (invalid) return { ok: false, failure: invalid };
  try {
    return await db.transaction(async (tx) => {
      const id = newId("promo");
      await tx.insert(promotions).values({
        id,
        label: input.label,
        automatic: input.automatic,
        priority: input.priority,
        stacking: input.stacking,
        rules: input.rules,
        startsAt: input.startsAt ?? null,
        endsAt: input.endsAt ?? null,
        usageLimit: input.usageLimit ?? null,
        perCustomerLimit: input.perCustomerLimit ?? null,
        createdAt: at,
      });
      for (const code of input.codes) {
        // on conflict do nothing, so a taken code is a value we can explain, not a 500.
        const inserted = await tx
          .insert(promotionCodes)
          .values({
            id: newId("pcode"),
            promotionId: id,
            code: code.trim(),
            normalized: normalizeCode(code),
            createdAt: at,
          })
          .onConflictDoNothing({ target: promotionCodes.normalized })
          .returning({ id: promotionCodes.id });
        if (inserted.length === 0) {
          throw new FailureError({
            code: "promotion_code_taken",
            detail: `The code ${code.trim()} is already used by another promotion.`,
            errors: [{ field: "codes", code: "taken", message: `${code.trim()} is taken` }],
          });
        }
      }
      await recordEvents(tx, at, [
        { type: "promotion.created", aggregateId: id, payload: { promotionId: id, label: input.label } },
      ]);
      return ok((await getPromotion(tx, id))!);
    });
  } catch (error) {
    if (error instanceof FailureError) return { ok: false, failure: error.failure };
    throw error;
  }
});

function checkShape(input: NewPromotion) {
  const errors: { field: string; code: string; message: string }[] = [];
  if (input.startsAt && input.endsAt && input.endsAt <= input.startsAt)
    errors.push({ field: "endsAt", code: "before_start", message: "must be after startsAt" });
  if (input.automatic && input.codes.length > 0)
    errors.push({
      field: "codes",
      code: "automatic_has_codes",
      message: "an automatic promotion needs no codes",
    });
  if (!input.automatic && input.codes.length === 0)
    errors.push({
      field: "codes",
      code: "required",
      message: "a promotion that is not automatic needs a code",
    });
  const normalized = input.codes.map(normalizeCode);
  if (new Set(normalized).size !== normalized.length)
    errors.push({ field: "codes", code: "duplicate", message: "codes must differ (case-insensitively)" });
  return errors.length > 0
    ? { code: "validation_failed", detail: "The promotion is invalid.", errors }
    : undefined;
}
