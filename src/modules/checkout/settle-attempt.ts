import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { placeholderFor, preparedQuery } from "../../shared/db/prepared-query.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { markCartCompleted, reopenCart } from "../cart/index.ts";
import { commitReservations, releaseReservations } from "../inventory/index.ts";
import { getOrder, type OrderView, placeOrder } from "../orders/index.ts";
import { attachPaymentToOrder, type PaymentOutcome, releaseCredit, voidPayment } from "../payments/index.ts";
import { captureGiftCard, releaseGiftCard, releasePromotions } from "../promotions/index.ts";
import { checkoutFailed } from "./checkout-failed.ts";
import type { CheckoutContext } from "./complete-checkout.ts";
import { type AttemptSnapshot, checkoutAttempts, type WaitingAction } from "./schema.ts";
import { paymentOf } from "./tender.ts";

export interface Attempt {
  id: string;
  cartId: string;
  provider: string;
  source: string;
  amount: number;
  currency: string;
  snapshot: AttemptSnapshot;
}

/**
 * Acts on what the provider said about an attempt: place the order, undo, or leave it pending.
 * The client path, the sweeper and provider webhooks all come through here, so they converge.
 */
export async function settleAttempt(
  ctx: CheckoutContext,
  attempt: Attempt,
  outcome: PaymentOutcome,
): Promise<Result<OrderView>> {
  if (outcome.status === "unknown") {
    return fail(
      "payment_pending",
      "The payment provider has not answered yet; the order will be confirmed or released shortly.",
    );
  }
  if (outcome.status === "requires_action") return awaitShopper(ctx, attempt.id, outcome);
  if (outcome.status !== "authorized") {
    await undoAttempt(ctx, attempt.id, outcome.status === "declined" ? outcome.reason : "not_authorized");
    const reason = outcome.status === "declined" ? outcome.reason : "not_authorized";
    return fail(
      "payment_declined",
      `The payment was declined (${reason}). The cart is open again: try another payment method.`,
      {
        meta: { declineReason: reason },
      },
    );
  }
  try {
    await ctx.hooks?.beforePlace?.(attempt.id);
    const order = await place(ctx, attempt, outcome);
    if (order) return ok(order);
  } catch (error) {
    ctx.log.error({ err: error, attemptId: attempt.id }, "placing the order failed; undoing the attempt");
    await undoAttempt(ctx, attempt.id, "place_failed");
    throw error;
  }
  // The attempt was undone meanwhile (by the sweeper): give the money back.
  await voidPayment(ctx, attempt.id);
  return fail(
    "payment_declined",
    "The checkout took too long and was released; the payment hold was voided. Please retry.",
    {
      meta: { declineReason: "attempt_expired" },
    },
  );
}

/**
 * 3-D Secure: the attempt stays live (stock held, cart frozen) and remembers the action, so the
 * next completion of this cart, the sweeper or a cancel resumes it rather than starting another.
 */
async function awaitShopper(
  ctx: CheckoutContext,
  attemptId: string,
  outcome: Extract<PaymentOutcome, { status: "requires_action" }>,
): Promise<Result<OrderView>> {
  const action: WaitingAction = { ...outcome.action, providerReference: outcome.providerReference };
  await ctx.db
    .update(checkoutAttempts)
    .set({ paymentAction: action, updatedAt: ctx.clock.now() })
    .where(and(eq(checkoutAttempts.id, attemptId), eq(checkoutAttempts.status, "authorizing")));
  return actionRequired(attemptId, action);
}

/** The answer that sends the shopper to the challenge; completing the cart again resumes. */
export function actionRequired(attemptId: string, action: WaitingAction): Result<OrderView> {
  const { providerReference: _reference, ...shown } = action;
  return fail(
    "payment_action_required",
    "Your bank asks you to confirm this payment (3-D Secure). Finish the check, then complete the cart again with the same request to place the order.",
    { meta: { action: { ...shown, attemptId } } },
  );
}

const markAttemptPlaced = preparedQuery((db) =>
  db
    .update(checkoutAttempts)
    .set({
      status: "placed",
      orderId: placeholderFor(checkoutAttempts.orderId, "orderId"),
      updatedAt: placeholderFor(checkoutAttempts.updatedAt, "at"),
    })
    .where(
      and(eq(checkoutAttempts.id, sql.placeholder("attemptId")), eq(checkoutAttempts.status, "authorizing")),
    )
    .returning({ id: checkoutAttempts.id })
    .prepare("checkout_attempt_placed"),
);

/**
 * One transaction: order snapshot, stock committed, payment linked, cart completed, events.
 * The attempt moves authorizing → placed first, by a conditional update that also takes its row
 * lock (as undo's select for update does), so exactly one of place and undo wins. An attempt
 * already placed returns its order; one already undone returns undefined so the caller voids.
 */
async function place(
  ctx: CheckoutContext,
  attempt: Attempt,
  outcome: Extract<PaymentOutcome, { status: "authorized" }>,
): Promise<OrderView | undefined> {
  const at = ctx.clock.now();
  const orderId = newId("ord");
  return ctx.db.transaction(async (tx) => {
    const moved = await markAttemptPlaced(tx).execute({ attemptId: attempt.id, orderId, at });
    if (moved.length === 0) return placedBefore(tx, attempt.id);
    // Takes the cart's row lock before the order and stock rows, in prepare's order (no deadlock).
    await markCartCompleted(tx, attempt.cartId, at);
    const order = await placeOrder(
      tx,
      {
        ...attempt.snapshot,
        attemptId: attempt.id,
        payment: paymentOf(attempt, outcome, at),
      },
      at,
      ctx.orderNumberPrefix,
      orderId,
    );
    await commitReservations(tx, attempt.id, at);
    // Prepare holds a gift card only when the snapshot names one: without, nothing to capture.
    if (attempt.snapshot.giftCard) await captureGiftCard(tx, attempt.id, at);
    await attachPaymentToOrder(tx, attempt.id, order.id);
    return order;
  });
}

/** The order of an attempt that left `authorizing` before us: placed, or undefined when undone. */
async function placedBefore(tx: Db, attemptId: string): Promise<OrderView | undefined> {
  const [row] = await tx
    .select({ status: checkoutAttempts.status, orderId: checkoutAttempts.orderId })
    .from(checkoutAttempts)
    .where(eq(checkoutAttempts.id, attemptId));
  return row?.status === "placed" && row.orderId ? getOrder(tx, row.orderId) : undefined;
}

/**
 * Compensation: marks the attempt failed, releases its stock, reopens the cart, then voids any
 * authorization. Idempotent; the status flip happens first, so a placed attempt is never undone.
 */
export async function undoAttempt(ctx: CheckoutContext, attemptId: string, reason: string): Promise<void> {
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx: Db) => {
    const [row] = await tx
      .select()
      .from(checkoutAttempts)
      .where(eq(checkoutAttempts.id, attemptId))
      .for("update");
    if (row?.status !== "authorizing") return;
    await tx
      .update(checkoutAttempts)
      .set({ status: "failed", failureCode: reason, updatedAt: at })
      .where(eq(checkoutAttempts.id, attemptId));
    await recordEvents(tx, at, [checkoutFailed(row.cartId, attemptId, "attempt_undone", reason)]);
    await releaseReservations(tx, attemptId);
    await releasePromotions(tx, attemptId, at);
    await releaseGiftCard(tx, attemptId, at);
    await releaseCredit(tx, attemptId, at);
    await reopenCart(tx, row.cartId, at);
  });
  await voidPayment(ctx, attemptId);
}
