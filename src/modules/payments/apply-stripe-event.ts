import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import type { Context } from "../../shared/context.ts";
import { applyForwardMove, type ForwardMove } from "./forward-move.ts";
import { mirrorRefunds, type ProviderRefund } from "./mirror-refunds.ts";
import type { OnPaymentChanged } from "./payment-history.ts";
import { keyMetadata, refundMetadata } from "./providers/stripe-gateway.ts";
import { payments, stripeWebhookEvents } from "./schema.ts";

/**
 * A port the owner of checkout attempts plugs in at wiring (app/): called outside any
 * transaction when the provider says the payment an attempt is keyed by settled its shopper step
 * (3-D Secure approved or failed, or cancelled), so the attempt is resumed at once. Must be
 * idempotent: parallel and repeated deliveries may call it more than once.
 */
export type OnAttemptPaymentSettled = (payment: { provider: string; attemptId: string }) => Promise<unknown>;

export interface StripeEventHooks {
  onChanged?: OnPaymentChanged | undefined;
  onAttemptSettled?: OnAttemptPaymentSettled | undefined;
}

/** The events that end a shopper step: approved (manual or automatic capture), failed, cancelled. */
const attemptSettlingEvents = new Set([
  "payment_intent.amount_capturable_updated",
  "payment_intent.succeeded",
  "payment_intent.payment_failed",
  "payment_intent.canceled",
]);

/**
 * Applies a verified Stripe event (G9). The event is only a hint: the PaymentIntent (and for a
 * refund event its refunds) is re-read from Stripe, so duplicates and out-of-order deliveries see
 * the same, current truth. The event id is recorded in the same transaction as the effect, and
 * every transition is a conditional update that only moves forward (authorized → captured →
 * refunded; authorized → voided). An event that settles a 3-D Secure step first resumes the
 * checkout attempt (onAttemptSettled), before the event id is recorded: a crash in between
 * leaves the event unrecorded, so Stripe's redelivery resumes again.
 */
export async function applyStripeEvent(
  ctx: Context,
  stripe: Stripe,
  event: Stripe.Event,
  hooks: StripeEventHooks = {},
): Promise<"applied" | "duplicate" | "ignored"> {
  const intentId = intentIdOf(event);
  // Network calls first, outside any transaction.
  const intent = intentId ? await stripe.paymentIntents.retrieve(intentId) : undefined;
  const refunds = intent && isRefundEvent(event.type) ? await succeededRefunds(stripe, intent.id) : undefined;
  const attemptId = intent?.metadata?.[keyMetadata];
  if (attemptId && hooks.onAttemptSettled && attemptSettlingEvents.has(event.type)) {
    if (!(await isRecorded(ctx, event.id))) await hooks.onAttemptSettled({ provider: "stripe", attemptId });
  }
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const fresh = await tx
      .insert(stripeWebhookEvents)
      .values({ eventId: event.id, type: event.type, receivedAt: at })
      .onConflictDoNothing()
      .returning({ id: stripeWebhookEvents.eventId });
    if (fresh.length === 0) return "duplicate";
    if (!intent) return "ignored";
    // A refund event locks no payment row up front: mirrorRefunds locks in refundPayment's order.
    const query = tx
      .select()
      .from(payments)
      .where(and(eq(payments.provider, "stripe"), eq(payments.providerReference, intent.id)));
    const [payment] = refunds ? await query : await query.for("update");
    if (!payment) return "ignored";
    // A capture made in the dashboard may reach us after its refund: move forward first.
    const next = nextState(payment, intent.status, intent.amount_received);
    const source = { source: "stripe_webhook", eventId: event.id };
    if (next) await applyForwardMove(tx, at, payment, next, source, hooks.onChanged);
    if (refunds) {
      const target = { provider: "stripe", providerReference: intent.id, source };
      await mirrorRefunds(tx, at, target, refunds, hooks.onChanged);
    }
    return "applied";
  });
}

async function isRecorded(ctx: Context, eventId: string): Promise<boolean> {
  const rows = await ctx.db
    .select({ id: stripeWebhookEvents.eventId })
    .from(stripeWebhookEvents)
    .where(eq(stripeWebhookEvents.eventId, eventId));
  return rows.length > 0;
}

/** charge.refunded, charge.refund.updated, refund.created, refund.updated … */
function isRefundEvent(type: string): boolean {
  return type === "charge.refunded" || type.startsWith("charge.refund.") || type.startsWith("refund.");
}

/** The intent's succeeded refunds, each with our refund id when we made it (its metadata). */
async function succeededRefunds(stripe: Stripe, intentId: string): Promise<ProviderRefund[]> {
  const refunds: ProviderRefund[] = [];
  for await (const refund of stripe.refunds.list({ payment_intent: intentId, limit: 100 })) {
    if (refund.status !== "succeeded") continue;
    refunds.push({ id: refund.id, amount: refund.amount, ours: refund.metadata?.[refundMetadata] });
  }
  return refunds;
}

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

/**
 * The forward move the intent's state implies for our payment, if any. Refunds are not read from
 * here (the charge's total refunded) but one by one (mirrorRefunds), so our own refund and its
 * echo can be told apart.
 */
function nextState(
  payment: typeof payments.$inferSelect,
  intentStatus: string,
  amountReceived: number,
): ForwardMove | undefined {
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
  return undefined;
}
