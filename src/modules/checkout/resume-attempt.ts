/**
 * Resuming an attempt that waits for the shopper (3-D Secure, `payment_action` set). Whoever
 * comes next (the shopper completing the cart again, a cancel, the sweeper, the provider's
 * webhook) asks the provider
 * what became of the payment and goes through settleAttempt, so every path converges on one
 * order or one undo (G5, G7). Nothing here holds a transaction across the provider call.
 */
import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { findOrderByCart, type OrderView } from "../orders/index.ts";
import { voidPaymentAction } from "../payments/index.ts";
import type { CheckoutContext } from "./complete-checkout.ts";
import { checkoutAttempts } from "./schema.ts";
import { type Attempt, actionRequired, settleAttempt, undoAttempt } from "./settle-attempt.ts";
import { lookupTender } from "./tender.ts";

export type WaitingAttempt = typeof checkoutAttempts.$inferSelect & {
  paymentAction: NonNullable<(typeof checkoutAttempts.$inferSelect)["paymentAction"]>;
};

/** The cart's live attempt when it waits for the shopper; undefined otherwise. */
export async function findWaitingAttempt(db: Db, cartId: string): Promise<WaitingAttempt | undefined> {
  const [row] = await db
    .select()
    .from(checkoutAttempts)
    .where(
      and(
        eq(checkoutAttempts.cartId, cartId),
        eq(checkoutAttempts.status, "authorizing"),
        isNotNull(checkoutAttempts.paymentAction),
      ),
    );
  return row as WaitingAttempt | undefined;
}

/**
 * A completion found the cart waiting for the shopper. The provider decides: authorized places
 * the order, declined (a failed challenge) undoes the attempt, still waiting answers with the
 * action again. A completion with another payment source replaces a still-waiting attempt:
 * it is undone (and voided) and `"replaced"` tells the caller to start a new one.
 */
export async function resumeWaitingAttempt(
  ctx: CheckoutContext,
  attempt: WaitingAttempt,
  payment: { provider: string; source: string },
): Promise<Result<OrderView> | "replaced"> {
  const outcome = await lookupTender(ctx, { ...attempt, attemptId: attempt.id });
  if (outcome.status === "authorized" || outcome.status === "declined") {
    return settleAttempt(ctx, attempt, outcome);
  }
  if (outcome.status === "unknown") {
    return fail("payment_pending", "The payment provider has not answered yet; retry shortly.");
  }
  // Still waiting (or not visible yet at a provider whose search lags): the same payment gets
  // the same challenge back; another one means the shopper gave up on this challenge.
  if (payment.provider === attempt.provider && payment.source === attempt.source) {
    return actionRequired(attempt.id, attempt.paymentAction);
  }
  const abandoned = await abandonWaitingAttempt(ctx, attempt, "authentication_abandoned");
  if (abandoned === "pending")
    return fail("payment_pending", "The earlier payment is still being settled; retry shortly.");
  return abandoned === "placed" ? ok(await placedOrder(ctx, attempt)) : "replaced";
}

/**
 * The provider's webhook says the payment an attempt is keyed by settled its shopper step
 * (3-D Secure approved, failed, or the payment was cancelled): resume the attempt now rather than
 * when the shopper or the sweeper comes back. Authorized places the order, declined undoes the
 * attempt; anything else leaves it as it is. Idempotent, and safe beside a racing client retry
 * or sweep: all of them settle through settleAttempt's lock and re-read (G5, G7).
 */
export async function resumeAttemptFromProvider(
  ctx: CheckoutContext,
  payment: { provider: string; attemptId: string },
): Promise<"placed" | "undone" | "waiting" | "not_live"> {
  const [attempt] = await ctx.db
    .select()
    .from(checkoutAttempts)
    .where(
      and(
        eq(checkoutAttempts.id, payment.attemptId),
        eq(checkoutAttempts.provider, payment.provider),
        eq(checkoutAttempts.status, "authorizing"),
      ),
    );
  if (!attempt) return "not_live";
  const outcome = await lookupTender(ctx, { ...attempt, attemptId: attempt.id });
  if (outcome.status !== "authorized" && outcome.status !== "declined") return "waiting";
  const settled = await settleAttempt(ctx, attempt, outcome);
  return settled.ok ? "placed" : "undone";
}

/**
 * Gives up on a waiting attempt (the shopper cancelled, chose another card, or the challenge
 * window passed): stock, promotions, gift card and credit are released, the cart reopens, and
 * the provider's payment is voided, also one approved at the very last moment.
 * Returns "placed" when the challenge had succeeded and the order was placed meanwhile,
 * "pending" when the provider cannot say now (the sweeper tries again), else "undone".
 */
export async function abandonWaitingAttempt(
  ctx: CheckoutContext,
  attempt: WaitingAttempt,
  reason: string,
): Promise<"undone" | "placed" | "pending"> {
  const outcome = await lookupTender(ctx, { ...attempt, attemptId: attempt.id });
  if (outcome.status === "unknown") return "pending";
  await undoAttempt(ctx, attempt.id, reason);
  const [row] = await ctx.db
    .select({ status: checkoutAttempts.status })
    .from(checkoutAttempts)
    .where(eq(checkoutAttempts.id, attempt.id));
  if (row?.status === "placed") return "placed";
  // undoAttempt voided a recorded authorization; one never recorded is voided by its reference.
  if (outcome.status === "requires_action" || outcome.status === "not_found") {
    const voided = await voidPaymentAction(ctx, {
      attemptId: attempt.id,
      provider: attempt.provider,
      providerReference: attempt.paymentAction.providerReference,
    });
    if (!voided) ctx.log.warn({ attemptId: attempt.id }, "could not cancel an abandoned 3-D Secure payment");
  }
  return "undone";
}

async function placedOrder(ctx: CheckoutContext, attempt: Attempt): Promise<OrderView> {
  const order = await findOrderByCart(ctx.db, attempt.cartId);
  if (!order) throw new Error(`attempt ${attempt.id} is placed but its cart has no order`);
  return order;
}

/** The shopper closed the challenge: release the waiting attempt (see abandonWaitingAttempt). */
export async function cancelPaymentAction(
  ctx: CheckoutContext,
  cartId: string,
): Promise<Result<{ result: "cancelled" | "placed" }>> {
  const waiting = await findWaitingAttempt(ctx.db, cartId);
  if (!waiting) {
    return fail("payment_action_not_pending", "No payment step is waiting on this cart; reload it.");
  }
  const result = await abandonWaitingAttempt(ctx, waiting, "authentication_abandoned");
  if (result === "pending") {
    return fail("payment_pending", "The payment provider has not answered yet; retry shortly.");
  }
  return ok({ result: result === "placed" ? "placed" : "cancelled" });
}
