import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { type Failure, FailureError, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { changesPromotions } from "./promotions-cache.ts";
import { promotionCustomerUsage, promotionRedemptions, promotions } from "./schema.ts";

export interface RedemptionRequest {
  /** The checkout attempt (or order) the uses belong to; a retry with it counts nothing twice. */
  reference: string;
  promotionIds: readonly string[];
  customerKey?: string | undefined;
  /** The codes the shopper used, by promotion id, kept on the redemption for reports. */
  codes?: Readonly<Record<string, string | null>>;
}

/**
 * Counts one use of each promotion for `reference`, inside the caller's transaction (checkout's
 * place step). Each count is a conditional update (`used < limit`), so parallel checkouts can
 * never exceed a limit (G11): on PostgreSQL the second writer waits for the row and re-checks.
 * Idempotent per (promotion, reference). Runs in a savepoint: when a limit is reached it returns
 * `usage_limit_reached` and leaves nothing behind, so the caller decides what to undo.
 */
export async function redeemPromotions(tx: Db, request: RedemptionRequest, at: Date): Promise<Result<void>> {
  // Most orders use no promotion: nothing is counted, so the cached promotions stay valid (the
  // wrapped write below drops them, and every cart read would reload them after each order).
  if (request.promotionIds.length === 0) return ok(undefined);
  return countUses(tx, request, at);
}

const countUses = changesPromotions(async function countUses(
  tx: Db,
  request: RedemptionRequest,
  at: Date,
): Promise<Result<void>> {
  // Sorted ids: concurrent redemptions lock promotion rows in one order and cannot deadlock.
  const ids = [...new Set(request.promotionIds)].sort();
  try {
    await tx.transaction(async (sp) => {
      const done = await sp
        .select({ promotionId: promotionRedemptions.promotionId })
        .from(promotionRedemptions)
        .where(
          and(
            eq(promotionRedemptions.reference, request.reference),
            inArray(promotionRedemptions.promotionId, ids),
          ),
        );
      const already = new Set(done.map((d) => d.promotionId));
      for (const id of ids.filter((i) => !already.has(i))) {
        const problem = await countOneUse(sp, id, request.customerKey);
        if (problem) throw new FailureError(problem);
        await sp.insert(promotionRedemptions).values({
          id: newId("pred"),
          promotionId: id,
          reference: request.reference,
          customerKey: request.customerKey ?? null,
          code: request.codes?.[id] ?? null,
          status: "redeemed",
          createdAt: at,
        });
      }
      const redeemed = ids.filter((i) => !already.has(i));
      if (redeemed.length > 0)
        await recordEvents(sp, at, [
          {
            type: "promotions.redeemed",
            aggregateId: request.reference,
            payload: { reference: request.reference, promotionIds: redeemed },
          },
        ]);
    });
    return ok(undefined);
  } catch (error) {
    if (error instanceof FailureError) return { ok: false, failure: error.failure };
    throw error;
  }
});

async function countOneUse(
  tx: Db,
  promotionId: string,
  customerKey: string | undefined,
): Promise<Failure | undefined> {
  const [row] = await tx
    .update(promotions)
    .set({ used: sql`${promotions.used} + 1` })
    .where(
      and(
        eq(promotions.id, promotionId),
        sql`(${promotions.usageLimit} is null or ${promotions.used} < ${promotions.usageLimit})`,
      ),
    )
    .returning({ perCustomerLimit: promotions.perCustomerLimit });
  if (!row) return limitReached(promotionId, "total");
  if (row.perCustomerLimit === null || !customerKey) return undefined;
  // Insert the first use, or add one only while under the limit; the row lock serializes racers.
  const counted = await tx
    .insert(promotionCustomerUsage)
    .values({ promotionId, customerKey, used: 1 })
    .onConflictDoUpdate({
      target: [promotionCustomerUsage.promotionId, promotionCustomerUsage.customerKey],
      set: { used: sql`${promotionCustomerUsage.used} + 1` },
      setWhere: sql`${promotionCustomerUsage.used} < ${row.perCustomerLimit}`,
    })
    .returning({ used: promotionCustomerUsage.used });
  return counted.length === 0 ? limitReached(promotionId, "per_customer") : undefined;
}

function limitReached(promotionId: string, limit: "total" | "per_customer"): Failure {
  return {
    code: "usage_limit_reached",
    detail:
      limit === "total"
        ? "This promotion has been used as often as it may be."
        : "This promotion has been used as often as it may be by this customer.",
    meta: { promotionId, limit },
  };
}

/**
 * Gives back the uses counted for `reference` (an order cancelled before fulfilment, say), in
 * the caller's transaction. Idempotent: each redemption is released at most once.
 */
export const releasePromotions = changesPromotions(async function releasePromotions(
  tx: Db,
  reference: string,
  at: Date,
): Promise<void> {
  const released = await tx
    .update(promotionRedemptions)
    .set({ status: "released" })
    .where(and(eq(promotionRedemptions.reference, reference), eq(promotionRedemptions.status, "redeemed")))
    .returning({
      promotionId: promotionRedemptions.promotionId,
      customerKey: promotionRedemptions.customerKey,
    });
  for (const r of released.sort((a, b) => (a.promotionId < b.promotionId ? -1 : 1))) {
    await tx
      .update(promotions)
      .set({ used: sql`${promotions.used} - 1` })
      .where(eq(promotions.id, r.promotionId));
    if (r.customerKey)
      await tx
        .update(promotionCustomerUsage)
        .set({ used: sql`${promotionCustomerUsage.used} - 1` })
        .where(
          and(
            eq(promotionCustomerUsage.promotionId, r.promotionId),
            eq(promotionCustomerUsage.customerKey, r.customerKey),
            sql`${promotionCustomerUsage.used} > 0`,
          ),
        );
  }
  if (released.length > 0)
    await recordEvents(tx, at, [
      { type: "promotions.released", aggregateId: reference, payload: { reference, count: released.length } },
    ]);
});

/** Redemptions recorded for a reference, oldest first (for order views and tests). */
export async function findRedemptions(db: Db, reference: string) {
  return db
    .select()
    .from(promotionRedemptions)
    .where(eq(promotionRedemptions.reference, reference))
    .orderBy(asc(promotionRedemptions.createdAt));
}
