import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import type { OnPaymentChanged } from "./payment-history.ts";
import { settleRefundedStatus } from "./refund-payment.ts";
import { paymentRefunds, payments, paymentTransactions } from "./schema.ts";

/** A refund as the provider reports it, re-read from its API (never taken from the webhook body). */
export interface ProviderRefund {
  /** The provider's refund id (Stripe re_…, PayPal refund id). */
  id: string;
  amount: number;
  /** Our refund row id when we asked for it (Stripe metadata, PayPal custom_id); else undefined. */
  ours: string | undefined;
}

/**
 * Mirrors the provider's succeeded refunds of a payment into its history, in the caller's
 * transaction (the webhook's, beside its event id). A refund is known by the provider's id, so a
 * replay adds nothing; one we asked for (our id travels with it) is counted once: its echo settles
 * our pending row if the webhook overtook our own call, else it is already there. Refunds made in
 * the provider's dashboard are added as `external`, and the payment's and order's refund state
 * follow. Lock order as in refundPayment (refund row, then payment), so the two never deadlock.
 */
export async function mirrorRefunds(
  tx: Db,
  at: Date,
  target: { provider: string; providerReference: string; source: Record<string, string> },
  refunds: ProviderRefund[],
  onChanged?: OnPaymentChanged,
): Promise<number> {
  const [payment] = await tx
    .select({ id: payments.id })
    .from(payments)
    .where(
      and(eq(payments.provider, target.provider), eq(payments.providerReference, target.providerReference)),
    );
  if (!payment) return 0;
  let mirrored = 0;
  for (const refund of refunds) {
    const settled = refund.ours
      ? await settleOurRefund(tx, at, payment.id, refund, target.source)
      : undefined;
    const added =
      settled === undefined ? await addExternalRefund(tx, at, payment.id, refund, target.source) : settled;
    if (!added) continue;
    mirrored++;
    await followRefund(tx, at, payment.id, added, target.source, onChanged);
  }
  return mirrored;
}

type Mirrored = { refundId: string; amount: number; reason: string };

/**
 * Our own refund's echo: settles the row if our call has not yet (same conditional update as
 * refundPayment, so whichever comes second does nothing). False when the row is already settled
 * (counted once); undefined when the id is not one of ours on this payment.
 */
async function settleOurRefund(
  tx: Db,
  at: Date,
  paymentId: string,
  refund: ProviderRefund,
  source: Record<string, string>,
): Promise<Mirrored | false | undefined> {
  const [row] = await tx
    .update(paymentRefunds)
    .set({ status: "succeeded", providerReference: refund.id, failureReason: null, updatedAt: at })
    .where(
      and(
        eq(paymentRefunds.id, refund.ours!),
        eq(paymentRefunds.paymentId, paymentId),
        eq(paymentRefunds.status, "pending"),
      ),
    )
    .returning();
  if (row) {
    await history(tx, at, paymentId, row.amount, { refundId: row.id, ...source });
    return { refundId: row.id, amount: row.amount, reason: row.reason };
  }
  const [known] = await tx
    .select({ id: paymentRefunds.id })
    .from(paymentRefunds)
    .where(and(eq(paymentRefunds.id, refund.ours!), eq(paymentRefunds.paymentId, paymentId)));
  return known ? false : undefined;
}

/**
 * A refund made outside Cartwright (the provider's dashboard): recorded once, keyed by the
 * provider's id. The payment row is locked first so parallel deliveries of different events
 * about the same refund serialize; the request key `provider:<id>` is unique per payment too.
 */
async function addExternalRefund(
  tx: Db,
  at: Date,
  paymentId: string,
  refund: ProviderRefund,
  source: Record<string, string>,
): Promise<Mirrored | false> {
  const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
  if (!payment || payment.capturedAmount === 0) return false;
  const [known] = await tx
    .select({ id: paymentRefunds.id })
    .from(paymentRefunds)
    .where(and(eq(paymentRefunds.paymentId, paymentId), eq(paymentRefunds.providerReference, refund.id)));
  if (known) return false;
  const id = newId("re");
  await tx.insert(paymentRefunds).values({
    id,
    paymentId,
    requestKey: `provider:${refund.id}`,
    amount: refund.amount,
    reason: "external",
    status: "succeeded",
    providerReference: refund.id,
    createdAt: at,
    updatedAt: at,
  });
  // Capped at what was captured (G8, a check constraint): only a refund of ours still pending at
  // the provider could push it over, and the provider will refuse that one.
  await tx
    .update(payments)
    .set({
      refundedAmount: sql`least(${payments.refundedAmount} + ${refund.amount}, ${payments.capturedAmount})`,
    })
    .where(eq(payments.id, paymentId));
  await history(tx, at, paymentId, refund.amount, { refundId: id, external: "true", ...source });
  return { refundId: id, amount: refund.amount, reason: "external" };
}

async function history(tx: Db, at: Date, paymentId: string, amount: number, detail: Record<string, string>) {
  await tx.insert(paymentTransactions).values({
    id: newId("ptx"),
    paymentId,
    kind: "refund",
    outcome: "succeeded",
    amount,
    detail,
    createdAt: at,
  });
}

async function followRefund(
  tx: Db,
  at: Date,
  paymentId: string,
  refund: Mirrored,
  source: Record<string, string>,
  onChanged?: OnPaymentChanged,
) {
  const status = await settleRefundedStatus(tx, paymentId, at);
  const [payment] = await tx
    .select({ orderId: payments.orderId, currency: payments.currency })
    .from(payments)
    .where(eq(payments.id, paymentId));
  await recordEvents(tx, at, [
    {
      type: "payment.refunded",
      aggregateId: paymentId,
      payload: {
        paymentId,
        orderId: payment!.orderId,
        refundId: refund.refundId,
        amount: refund.amount,
        currency: payment!.currency,
        reason: refund.reason,
        ...source,
      },
    },
  ]);
  await onChanged?.(tx, { id: paymentId, orderId: payment!.orderId, status });
}
