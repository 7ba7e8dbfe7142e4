import { eq } from "drizzle-orm";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { returnStock } from "../inventory/index.ts";
import { listOrderPayments, type PaymentsContext, releaseCredit, voidPayment } from "../payments/index.ts";
import { refundGiftCard, releasePromotions } from "../promotions/index.ts";
import { refundOrderPayment } from "./order-payments.ts";
import { decideOrderMove } from "./order-state.ts";
import { recordOrderTransition } from "./order-timeline.ts";
import { getOrder, type OrderView } from "./orders.repository.ts";
import { recordPaymentStatus } from "./record-payment-status.ts";
import { orders } from "./schema.ts";

/**
 * Cancels a placed order: in one transaction the order turns cancelled, its units go back on
 * hand, its promotion uses and gift-card spend are given back, and `order.cancelled` is written;
 * then, outside it, the payment is voided (authorized) or refunded in full (captured).
 * Idempotent: cancelling again retries only a money step that did not finish.
 */
export async function cancelOrder(
  ctx: PaymentsContext,
  orderId: string,
  input: {
    reason: string;
    actor: string;
    /** Cancel only while nothing was paid (the overdue sweep): money that just arrived wins. */
    onlyIfAwaitingPayment?: boolean;
  },
): Promise<Result<OrderView>> {
  const at = ctx.clock.now();
  const changed = await ctx.db.transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
    if (!order) return fail<boolean>("not_found", `No order ${orderId}.`);
    const decided = decideOrderMove(order, {
      kind: "cancel",
      onlyIfAwaitingPayment: input.onlyIfAwaitingPayment ?? false,
    });
    if (!decided.ok) return { ok: false as const, failure: decided.failure };
    if (!decided.value.changed) return ok(false);
    await tx.update(orders).set({ status: "cancelled" }).where(eq(orders.id, orderId));
    await recordOrderTransition(
      tx,
      order,
      { before: order, after: decided.value.next },
      { type: "cancelled", actor: input.actor, data: { reason: input.reason } },
      at,
    );
    const view = (await getOrder(tx, orderId))!;
    await returnStock(tx, `cancel:${orderId}`, view.lines, at, { soldUnder: order.attemptId });
    await releasePromotions(tx, order.attemptId, at);
    // A purchase order's unpaid invoice no longer takes the customer's credit.
    await releaseCredit(tx, order.attemptId, at);
    if (order.giftCard) {
      const refunded = await refundGiftCard(
        tx,
        {
          giftCardId: order.giftCard.giftCardId,
          reference: `cancel:${orderId}`,
          amount: { amount: order.giftCard.amount, currency: order.currency },
        },
        at,
      );
      if (!refunded.ok) throw new Error(`gift card refund failed for ${orderId}: ${refunded.failure.detail}`);
    }
    await recordEvents(tx, at, [
      {
        type: "order.cancelled",
        aggregateId: orderId,
        payload: { orderId, number: order.number, reason: input.reason },
      },
    ]);
    return ok(true);
  });
  if (!changed.ok) return changed;
  const money = await returnPayment(ctx, orderId, input.actor);
  if (!money.ok) return money;
  return ok((await getOrder(ctx.db, orderId))!);
}

/** Voids an authorization or refunds what was captured and not yet refunded. */
async function returnPayment(ctx: PaymentsContext, orderId: string, actor: string): Promise<Result<void>> {
  const payment = (await listOrderPayments(ctx.db, orderId)).find((p) => p.status !== "failed");
  if (!payment) return ok(undefined); // paid entirely by gift card
  // An offline payment nothing arrived for is released like a hold: nothing to give back.
  if (payment.status === "authorized" || payment.status === "awaiting_payment") {
    const order = await getOrder(ctx.db, orderId);
    if (!(await voidPayment(ctx, order!.attemptId))) {
      return fail(
        "payment_provider_unavailable",
        "The order is cancelled but the payment hold could not be released yet; cancel again to retry.",
      );
    }
    await ctx.db.transaction((tx) => recordPaymentStatus(tx, orderId, "voided", actor, ctx.clock.now()));
    return ok(undefined);
  }
  const outstanding = payment.capturedAmount - payment.refundedAmount;
  if (outstanding <= 0) return ok(undefined);
  const refunded = await refundOrderPayment(ctx, orderId, {
    amount: outstanding,
    reason: "order cancelled",
    requestKey: `cancel:${orderId}`,
    actor,
  });
  return refunded.ok ? ok(undefined) : refunded;
}
