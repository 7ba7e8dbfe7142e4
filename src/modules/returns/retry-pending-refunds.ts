import { and, asc, eq, lt } from "drizzle-orm";
import { isUndecidedRefund, refundReturn } from "./refund-return.ts";
import type { ReturnsContext } from "./returns-context.ts";
import { returnRefunds } from "./schema.ts";

export interface PendingRefundsReport {
  /** Refunds the provider confirmed on this pass. */
  settled: number;
  /** Still undecided (timeout, provider down): tried again on the next pass. */
  stillPending: number;
  /** Refused by the provider: marked failed, so the merchant can choose another method. */
  failed: number;
}

/**
 * A sweep pass for refunds to the original payment that were left pending: the provider call
 * timed out, or the process died between writing the refund and calling the provider. Each one
 * older than `staleAfterMs` is driven again through `refundReturn`, which picks up the same
 * pending row and the same provider request key, so the provider refunds once however often this
 * runs, in parallel with a merchant's retry or another process's sweep. Never gives an undecided
 * refund up on its own: money may have moved, and only the provider's answer can tell.
 */
export async function retryPendingRefunds(
  ctx: ReturnsContext,
  options: { staleAfterMs: number; limit?: number },
): Promise<PendingRefundsReport> {
  const report: PendingRefundsReport = { settled: 0, stillPending: 0, failed: 0 };
  const cutoff = new Date(ctx.clock.now().getTime() - options.staleAfterMs);
  const pending = await ctx.db
    .select({
      id: returnRefunds.id,
      returnId: returnRefunds.returnId,
      method: returnRefunds.method,
      includesShipping: returnRefunds.includesShipping,
    })
    .from(returnRefunds)
    .where(and(eq(returnRefunds.status, "pending"), lt(returnRefunds.createdAt, cutoff)))
    .orderBy(asc(returnRefunds.createdAt))
    .limit(options.limit ?? 20);
  for (const refund of pending) {
    const result = await refundReturn(ctx, refund.returnId, {
      method: refund.method,
      includeShipping: refund.includesShipping,
      actor: "system",
    });
    // A 409 here means a merchant's retry or another sweep settled it first: done either way.
    if (result.ok || result.failure.code === "return_transition_invalid") report.settled++;
    else if (isUndecidedRefund(result.failure.code)) report.stillPending++;
    else report.failed++;
    if (!result.ok)
      ctx.log.warn(
        { refundId: refund.id, returnId: refund.returnId, code: result.failure.code },
        "pending return refund not settled on this pass",
      );
  }
  return report;
}
