import { and, eq } from "drizzle-orm";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { gatewayFor, type PaymentsContext } from "./authorize-payment.ts";
import type { UnknownOutcome } from "./gateway.ts";
import { getPaymentView, type OnPaymentChanged, type PaymentView } from "./payment-history.ts";
import { payments, paymentTransactions } from "./schema.ts";

/**
 * Captures an authorized payment, all of it or `amount` of it (the rest is released). The
 * provider key is derived from the payment id, so a retried or parallel capture takes money
 * once; the status flip is conditional, so only one of them records it. Capturing a captured
 * payment returns it unchanged. No transaction is open during the provider call.
 */
export async function capturePayment(
  ctx: PaymentsContext,
  paymentId: string,
  input: { amount?: number | undefined; actor: string },
  onChanged?: OnPaymentChanged,
): Promise<Result<PaymentView>> {
  const [payment] = await ctx.db.select().from(payments).where(eq(payments.id, paymentId));
  if (!payment) return fail("not_found", `No payment ${paymentId}.`);
  if (payment.status !== "authorized") {
    return payment.capturedAmount > 0
      ? ok((await getPaymentView(ctx.db, paymentId))!)
      : fail(
          "payment_not_capturable",
          `The payment is ${payment.status}; only an authorized payment can be captured.`,
        );
  }
  const amount = input.amount ?? payment.amount;
  if (amount > payment.amount) {
    return fail("amount_exceeds_authorized", `At most ${payment.amount} (minor units) was authorized.`, {
      meta: { authorized: { amount: payment.amount, currency: payment.currency } },
    });
  }
  const outcome = await gatewayFor(ctx, payment.provider).capture({
    idempotencyKey: `${payment.id}_capture`,
    providerReference: payment.providerReference ?? "",
    amount,
    currency: payment.currency,
  });
  if (outcome.status === "unknown") return unknownOutcomeFailure(outcome, "capture");
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const captured = outcome.status === "captured";
    const moved = captured
      ? await tx
          .update(payments)
          .set({ status: "captured", capturedAmount: outcome.amount, updatedAt: at })
          .where(and(eq(payments.id, payment.id), eq(payments.status, "authorized")))
          .returning({ id: payments.id })
      : [];
    if (captured && moved.length === 0) return; // a parallel capture recorded it first
    await tx.insert(paymentTransactions).values({
      id: newId("ptx"),
      paymentId: payment.id,
      kind: "capture",
      outcome: captured ? "succeeded" : "failed",
      amount,
      detail: captured ? { actor: input.actor } : { actor: input.actor, reason: outcome.reason },
      createdAt: at,
    });
    if (!captured) return;
    await recordEvents(tx, at, [
      {
        type: "payment.captured",
        aggregateId: payment.id,
        payload: {
          paymentId: payment.id,
          orderId: payment.orderId,
          amount: outcome.amount,
          currency: payment.currency,
        },
      },
    ]);
    await onChanged?.(tx, { id: payment.id, orderId: payment.orderId, status: "captured" });
  });
  if (outcome.status === "failed") {
    return fail("payment_provider_error", `The provider refused the capture (${outcome.reason}).`, {
      meta: { providerReason: outcome.reason },
    });
  }
  return ok((await getPaymentView(ctx.db, paymentId))!);
}

/** The answer when a provider call's outcome is unknown: retry later with the same request. */
export function unknownOutcomeFailure(outcome: UnknownOutcome, what: string): Result<never> {
  if (outcome.reason === "provider_unavailable") {
    return fail(
      "payment_provider_unavailable",
      `The payment provider is not answering; the ${what} was not sent.`,
    );
  }
  return fail(
    "payment_pending",
    `The provider has not confirmed the ${what} yet (${outcome.reason}); retry with the same Idempotency-Key.`,
  );
}
