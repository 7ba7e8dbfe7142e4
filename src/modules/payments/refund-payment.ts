import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { gatewayFor, type PaymentsContext } from "./authorize-payment.ts";
import { unknownOutcomeFailure } from "./capture-payment.ts";
import { getPaymentView, type OnPaymentChanged, type PaymentView } from "./payment-history.ts";
import { paymentRefunds, payments, paymentTransactions } from "./schema.ts";

type Refund = typeof paymentRefunds.$inferSelect;

export interface RefundInput {
  amount: number;
  reason: string;
  /** The client's Idempotency-Key: the same key re-drives the same refund, never a second one. */
  requestKey: string;
  actor: string;
}

/**
 * Refunds part or all of a captured payment (G8: refunded ≤ captured). The amount is first
 * reserved on the payment row by a conditional update, so parallel refunds can never exceed
 * what was captured; then the provider is called with the refund row id as its key (no
 * transaction open); then the refund is settled. A refund whose outcome is unknown keeps its
 * reservation until a retry with the same request key learns the answer.
 */
export async function refundPayment(
  ctx: PaymentsContext,
  paymentId: string,
  input: RefundInput,
  onChanged?: OnPaymentChanged,
): Promise<Result<PaymentView>> {
  const reserved = await reserveRefund(ctx, paymentId, input);
  if (!reserved.ok) return reserved;
  const { refund, payment } = reserved.value;
  if (refund.status === "succeeded") return ok((await getPaymentView(ctx.db, paymentId))!);
  if (refund.status === "failed") return refusedFailure(refund.failureReason ?? "refused");
  const outcome = await gatewayFor(ctx, payment.provider).refund({
    idempotencyKey: refund.id,
    providerReference: payment.providerReference ?? "",
    amount: refund.amount,
    currency: payment.currency,
    reason: refund.reason,
  });
  if (outcome.status === "unknown") return unknownOutcomeFailure(outcome, "refund");
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const succeeded = outcome.status === "refunded";
    const settled = await tx
      .update(paymentRefunds)
      .set({
        status: succeeded ? "succeeded" : "failed",
        providerReference: succeeded ? outcome.providerReference : null,
        failureReason: succeeded ? null : outcome.reason,
        updatedAt: at,
      })
      .where(and(eq(paymentRefunds.id, refund.id), eq(paymentRefunds.status, "pending")))
      .returning({ id: paymentRefunds.id });
    if (settled.length === 0) return; // a parallel retry of this request settled it
    await tx.insert(paymentTransactions).values({
      id: newId("ptx"),
      paymentId,
      kind: "refund",
      outcome: succeeded ? "succeeded" : "failed",
      amount: refund.amount,
      detail: { refundId: refund.id, reason: refund.reason, actor: input.actor },
      createdAt: at,
    });
    if (!succeeded) {
      // Give the reservation back: the provider took nothing.
      await tx
        .update(payments)
        .set({ refundedAmount: sql`${payments.refundedAmount} - ${refund.amount}`, updatedAt: at })
        .where(eq(payments.id, paymentId));
      return;
    }
    const status = await settleRefundedStatus(tx, paymentId, at);
    await recordEvents(tx, at, [
      {
        type: "payment.refunded",
        aggregateId: paymentId,
        payload: {
          paymentId,
          orderId: payment.orderId,
          refundId: refund.id,
          amount: refund.amount,
          currency: payment.currency,
          reason: refund.reason,
        },
      },
    ]);
    await onChanged?.(tx, { id: paymentId, orderId: payment.orderId, status });
  });
  if (outcome.status === "failed") return refusedFailure(outcome.reason);
  return ok((await getPaymentView(ctx.db, paymentId))!);
}

/**
 * One transaction: the refund row for this request key, or a new one whose amount is reserved
 * on the payment by a conditional update (the row lock serializes parallel refunds).
 */
async function reserveRefund(
  ctx: PaymentsContext,
  paymentId: string,
  input: RefundInput,
): Promise<Result<{ refund: Refund; payment: typeof payments.$inferSelect }>> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
    if (!payment) return fail("not_found", `No payment ${paymentId}.`);
    const [existing] = await tx
      .select()
      .from(paymentRefunds)
      .where(and(eq(paymentRefunds.paymentId, paymentId), eq(paymentRefunds.requestKey, input.requestKey)));
    if (existing) return ok({ refund: existing, payment });
    if (payment.capturedAmount === 0) {
      return fail("payment_not_refundable", `The payment is ${payment.status}; nothing was captured.`);
    }
    const moved = await tx
      .update(payments)
      .set({ refundedAmount: sql`${payments.refundedAmount} + ${input.amount}`, updatedAt: at })
      .where(
        and(
          eq(payments.id, paymentId),
          // partially_paid: part of a bank transfer arrived; what came in can go back.
          inArray(payments.status, ["captured", "partially_refunded", "partially_paid"]),
          sql`${payments.refundedAmount} + ${input.amount} <= ${payments.capturedAmount}`,
        ),
      )
      .returning({ id: payments.id });
    if (moved.length === 0) {
      const refundable = payment.capturedAmount - payment.refundedAmount;
      return fail("refund_exceeds_captured", `At most ${refundable} (minor units) can still be refunded.`, {
        meta: { refundable: { amount: refundable, currency: payment.currency } },
      });
    }
    const [refund] = await tx
      .insert(paymentRefunds)
      .values({
        id: newId("re"),
        paymentId,
        requestKey: input.requestKey,
        amount: input.amount,
        reason: input.reason,
        status: "pending",
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    return ok({ refund: refund!, payment });
  });
}

/** Sets refunded or partially_refunded from the refunds that actually succeeded. */
export async function settleRefundedStatus(tx: Db, paymentId: string, at: Date) {
  const [row] = await tx
    .update(payments)
    .set({
      status: sql`case when (select coalesce(sum(${paymentRefunds.amount}), 0) from ${paymentRefunds}
        where ${paymentRefunds.paymentId} = ${paymentId} and ${paymentRefunds.status} = 'succeeded')
        >= ${payments.capturedAmount} then 'refunded' else 'partially_refunded' end`,
      updatedAt: at,
    })
    .where(eq(payments.id, paymentId))
    .returning({ status: payments.status });
  return row!.status;
}

function refusedFailure(reason: string): Result<never> {
  return fail("payment_provider_error", `The provider refused the refund (${reason}).`, {
    meta: { providerReason: reason },
  });
}
