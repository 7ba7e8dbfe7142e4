import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { Context } from "../../shared/context.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import type { OnPaymentChanged } from "./payment-history.ts";
import { type PaymentStatus, payments, paymentTransactions, stripeWebhookEvents } from "./schema.ts";

/**
 * Applies a verified Stripe event (G9). The event is only a hint: the PaymentIntent is re-read
 * from Stripe, so duplicates and out-of-order deliveries see the same, current truth. The event
 * id is recorded in the same transaction as the effect, and every transition is a conditional
 * update that only moves forward (authorized → captured → refunded; authorized → voided).
 */
export async function applyStripeEvent(
  ctx: Context,
  stripe: Stripe,
  event: Stripe.Event,
  onChanged?: OnPaymentChanged,
): Promise<"applied" | "duplicate" | "ignored"> {
  const intentId = intentIdOf(event);
  // Network call first, outside any transaction.
  const intent = intentId
    ? await stripe.paymentIntents.retrieve(intentId, { expand: ["latest_charge"] })
    : undefined;
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const fresh = await tx
      .insert(stripeWebhookEvents)
      .values({ eventId: event.id, type: event.type, receivedAt: at })
      .onConflictDoNothing()
      .returning({ id: stripeWebhookEvents.eventId });
    if (fresh.length === 0) return "duplicate";
    if (!intent) return "ignored";
    const [payment] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.provider, "stripe"), eq(payments.providerReference, intent.id)))
      .for("update");
    if (!payment) return "ignored";
    const charge = typeof intent.latest_charge === "object" ? intent.latest_charge : null;
    const next = nextState(payment, intent.status, intent.amount_received, charge?.amount_refunded ?? 0);
    if (!next) return "applied";
    await tx
      .update(payments)
      .set({ ...next.set, updatedAt: at })
      .where(and(eq(payments.id, payment.id), eq(payments.status, payment.status)));
    await tx.insert(paymentTransactions).values({
      id: newId("ptx"),
      paymentId: payment.id,
      kind: next.kind,
      outcome: "succeeded",
      amount: next.amount,
      detail: { source: "stripe_webhook", eventId: event.id },
      createdAt: at,
    });
    await recordEvents(tx, at, [
      {
        type: eventTypes[next.kind],
        aggregateId: payment.id,
        payload: {
          paymentId: payment.id,
          orderId: payment.orderId,
          amount: next.amount,
          source: "stripe_webhook",
        },
      },
    ]);
    await onChanged?.(tx, { id: payment.id, orderId: payment.orderId, status: next.set.status });
    return "applied";
  });
}

const eventTypes = {
  void: "payment.voided",
  capture: "payment.captured",
  refund: "payment.refunded",
} as const;

function intentIdOf(event: Stripe.Event): string | undefined {
  const object = event.data.object as {
    object?: string;
    id?: string;
    payment_intent?: string | { id: string } | null;
  };
  if (object.object === "payment_intent") return object.id;
  const ref = object.payment_intent;
  return typeof ref === "string" ? ref : (ref?.id ?? undefined);
}

/** The forward move the intent's state implies for our payment, if any. */
function nextState(
  payment: typeof payments.$inferSelect,
  intentStatus: string,
  amountReceived: number,
  amountRefunded: number,
):
  | {
      kind: "capture" | "void" | "refund";
      amount: number;
      set: { status: PaymentStatus; capturedAmount?: number; refundedAmount?: number };
    }
  | undefined {
  if (payment.status === "authorized" && intentStatus === "canceled") {
    return { kind: "void", amount: payment.amount, set: { status: "voided" } };
  }
  if (payment.status === "authorized" && intentStatus === "succeeded") {
    return {
      kind: "capture",
      amount: amountReceived,
      set: { status: "captured", capturedAmount: Math.min(amountReceived, payment.amount) },
    };
  }
  const refundable = payment.status === "captured" || payment.status === "partially_refunded";
  const refunded = Math.min(amountRefunded, payment.capturedAmount);
  if (refundable && refunded > payment.refundedAmount) {
    return {
      kind: "refund",
      amount: refunded - payment.refundedAmount,
      set: {
        status: refunded >= payment.capturedAmount ? "refunded" : "partially_refunded",
        refundedAmount: refunded,
      },
    };
  }
  return undefined;
}
