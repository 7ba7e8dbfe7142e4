import { and, eq, inArray, lt } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { listUnlinkedAuthorizations, voidPayment } from "../payments/index.ts";
import type { CheckoutContext } from "./complete-checkout.ts";
import { abandonWaitingAttempt, type WaitingAttempt } from "./resume-attempt.ts";
import { checkoutAttempts } from "./schema.ts";
import { settleAttempt } from "./settle-attempt.ts";
import { lookupTender } from "./tender.ts";

/** Issuers time challenges out after about 10 minutes; a little more covers a slow shopper. */
export const defaultChallengeWindowMs = 15 * 60_000;

export interface RecoveryReport {
  settled: number;
  stillPending: number;
  voided: number;
}

/**
 * The sweeper (G7, G18): finishes attempts left in flight by a crash or a provider that did not
 * answer, by asking the provider what happened and then placing or undoing; and voids
 * authorizations whose attempt was undone. Safe to run anywhere, any number of times at once.
 */
export async function recoverCheckouts(
  ctx: CheckoutContext,
  options: {
    staleAfterMs: number;
    /** How long a shopper has for a 3-D Secure challenge before the attempt is released. */
    challengeWindowMs?: number;
  },
): Promise<RecoveryReport> {
  const cutoff = new Date(ctx.clock.now().getTime() - options.staleAfterMs);
  const report: RecoveryReport = { settled: 0, stillPending: 0, voided: 0 };
  const stale = await ctx.db
    .select()
    .from(checkoutAttempts)
    .where(and(eq(checkoutAttempts.status, "authorizing"), lt(checkoutAttempts.updatedAt, cutoff)))
    .limit(100);
  const challengeCutoff = ctx.clock.now().getTime() - (options.challengeWindowMs ?? defaultChallengeWindowMs);
  for (const attempt of stale) {
    const outcome = await lookupTender(ctx, { ...attempt, attemptId: attempt.id });
    if (outcome.status === "unknown") {
      report.stillPending++;
      continue;
    }
    // Waiting for the shopper's 3-D Secure check: give them the window, then release everything.
    const waiting = attempt.paymentAction
      ? outcome.status === "requires_action" || outcome.status === "not_found"
      : outcome.status === "requires_action";
    if (waiting) {
      // A crash right after the provider asked for the challenge left it unrecorded: record it.
      if (!attempt.paymentAction) await settleAttempt(ctx, attempt, outcome);
      const expired = attempt.createdAt.getTime() < challengeCutoff && attempt.paymentAction;
      const result = expired
        ? await abandonWaitingAttempt(ctx, attempt as WaitingAttempt, "authentication_abandoned")
        : "pending";
      if (result === "pending") report.stillPending++;
      else report.settled++;
      continue;
    }
    await settleAttempt(ctx, attempt, outcome);
    report.settled++;
  }
  const unlinked = await listUnlinkedAuthorizations(ctx.db, cutoff);
  for (const attemptId of await failedAmong(ctx.db, unlinked)) {
    if (await voidPayment(ctx, attemptId)) report.voided++;
  }
  return report;
}

async function failedAmong(db: Db, attemptIds: string[]): Promise<string[]> {
  if (attemptIds.length === 0) return [];
  const rows = await db
    .select({ id: checkoutAttempts.id })
    .from(checkoutAttempts)
    .where(and(inArray(checkoutAttempts.id, attemptIds), eq(checkoutAttempts.status, "failed")));
  return rows.map((r) => r.id);
}
