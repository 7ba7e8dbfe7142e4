import { and, asc, eq } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { changesCatalog } from "./catalog-cache.ts";
import { type PriceRuleKind, priceRules, variants } from "./schema.ts";

export type PriceRuleRow = typeof priceRules.$inferSelect;

export interface NewPriceRule {
  variantId: string;
  currency: string;
  kind: PriceRuleKind;
  amount: number;
  minQuantity?: number | undefined;
  customerGroup?: string | null | undefined;
  customerId?: string | null | undefined;
  startsAt?: Date | null | undefined;
  endsAt?: Date | null | undefined;
  label?: string | undefined;
}

/** What makes a rule meaningless, as a message; undefined when it is fine. */
function invalid(rule: NewPriceRule): string | undefined {
  if (rule.kind === "group" && !rule.customerGroup) return "a group rule needs customerGroup";
  if (rule.kind === "contract" && !rule.customerId) return "a contract rule needs customerId";
  if (rule.kind !== "group" && rule.customerGroup) return "only group rules take customerGroup";
  if (rule.kind !== "contract" && rule.customerId) return "only contract rules take customerId";
  if (rule.kind === "tier" && (rule.minQuantity ?? 1) < 2) return "a tier needs minQuantity of 2 or more";
  if (rule.startsAt && rule.endsAt && rule.endsAt <= rule.startsAt) return "endsAt must be after startsAt";
  return undefined;
}

/** Adds a price rule (sale, tier, group price list entry, contract price) for one variant. */
export const createPriceRule = changesCatalog(async function createPriceRule(
  ctx: Context,
  input: NewPriceRule,
): Promise<Result<PriceRuleRow>> {
  const problem = invalid(input);
  if (problem)
    return fail("validation_failed", problem, {
      errors: [{ field: "kind", code: "invalid", message: problem }],
    });
  const [variant] = await ctx.db
    .select({ id: variants.id })
    .from(variants)
    .where(eq(variants.id, input.variantId));
  if (!variant) return fail("variant_not_found", `No variant ${input.variantId}.`);
  const [row] = await ctx.db
    .insert(priceRules)
    .values({
      id: newId("prl"),
      ...input,
      minQuantity: input.minQuantity ?? 1,
      customerGroup: input.customerGroup ?? null,
      customerId: input.customerId ?? null,
      startsAt: input.startsAt ?? null,
      endsAt: input.endsAt ?? null,
      label: input.label ?? "",
      createdAt: ctx.clock.now(),
    })
    .returning();
  return ok(row!);
});

export async function listPriceRules(
  db: Db,
  filter: { variantId?: string | undefined },
): Promise<PriceRuleRow[]> {
  return db
    .select()
    .from(priceRules)
    .where(filter.variantId ? and(eq(priceRules.variantId, filter.variantId)) : undefined)
    .orderBy(
      asc(priceRules.variantId),
      asc(priceRules.currency),
      asc(priceRules.kind),
      asc(priceRules.minQuantity),
    );
}

export const deletePriceRule = changesCatalog(async function deletePriceRule(
  db: Db,
  id: string,
): Promise<Result<void>> {
  const gone = await db.delete(priceRules).where(eq(priceRules.id, id)).returning({ id: priceRules.id });
  return gone.length > 0 ? ok(undefined) : fail("not_found", `No price rule ${id}.`);
});
