import { and, eq } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { mirrorRefunds, type ProviderRefund } from "./mirror-refunds.ts";
import type { OnPaymentChanged } from "./payment-history.ts";
import type { PayPalClient } from "./providers/paypal-client.ts";
import { minorUnits } from "./providers/paypal-gateway.ts";
import { payments, paymentTransactions, paypalWebhookEvents } from "./schema.ts";

/** The part of a PayPal webhook event Cartwright reads. */
export interface PayPalEvent {
  id: string;
  event_type: string;
  resource?: {
    id?: string;
    supplementary_data?: { related_ids?: { authorization_id?: string } };
  };
}

/**
 * Applies a verified PayPal event (G9), like applyStripeEvent: the event only says which
 * authorization (or refund) to look at; its state is re-read from PayPal, so duplicates and
 * out-of-order deliveries see the same, current truth. The event id is recorded in the same
 * transaction as the effect; moves only go forward (authorized → captured, authorized → voided,
 * refunds added once each by their PayPal id).
 */
export async function applyPayPalEvent(
  ctx: Context,
  paypal: PayPalClient,
  event: PayPalEvent,
  onChanged?: OnPaymentChanged,
): Promise<"applied" | "duplicate" | "ignored"> {
  if (event.event_type === "PAYMENT.CAPTURE.REFUNDED") return applyRefund(ctx, paypal, event, onChanged);
  const authorizationId = authorizationOf(event);
  // Network call first, outside any transaction.
  const authorization = authorizationId ? await paypal.getAuthorization(authorizationId) : undefined;
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const fresh = await tx
      .insert(paypalWebhookEvents)
      .values({ eventId: event.id, type: event.event_type, receivedAt: at })
      .onConflictDoNothing()
      .returning({ id: paypalWebhookEvents.eventId });
    if (fresh.length === 0) return "duplicate";
    if (!authorization) return "ignored";
    const [payment] = await tx
      .select()
      .from(payments)
      .where(and(eq(payments.provider, "paypal"), eq(payments.providerReference, authorization.id)))
      .for("update");
    if (!payment) return "ignored";
    const next =
      payment.status !== "authorized"
        ? undefined
        : authorization.status === "CAPTURED"
          ? ({ kind: "capture", status: "captured", capturedAmount: payment.amount } as const)
          : authorization.status === "VOIDED"
            ? ({ kind: "void", status: "voided" } as const)
            : undefined;
    if (!next) return "applied";
    await tx
      .update(payments)
      .set({
        status: next.status,
        ...(next.kind === "capture" ? { capturedAmount: next.capturedAmount } : {}),
        updatedAt: at,
      })
      .where(and(eq(payments.id, payment.id), eq(payments.status, "authorized")));
    await tx.insert(paymentTransactions).values({
      id: newId("ptx"),
      paymentId: payment.id,
      kind: next.kind,
      outcome: "succeeded",
      amount: payment.amount,
      detail: { source: "paypal_webhook", eventId: event.id },
      createdAt: at,
    });
    await recordEvents(tx, at, [
      {
        type: next.kind === "capture" ? "payment.captured" : "payment.voided",
        aggregateId: payment.id,
        payload: {
          paymentId: payment.id,
          orderId: payment.orderId,
          amount: payment.amount,
          source: "paypal_webhook",
        },
      },
    ]);
    await onChanged?.(tx, { id: payment.id, orderId: payment.orderId, status: next.status });
    return "applied";
  });
}

/** The authorization an event is about: itself (PAYMENT.AUTHORIZATION.*) or a capture's parent. */
function authorizationOf(event: PayPalEvent): string | undefined {
  if (event.event_type.startsWith("PAYMENT.AUTHORIZATION.")) return event.resource?.id;
  if (event.event_type.startsWith("PAYMENT.CAPTURE."))
    return event.resource?.supplementary_data?.related_ids?.authorization_id;
  return undefined;
}

/**
 * PAYMENT.CAPTURE.REFUNDED: its resource is one refund. Re-read it, follow its `up` link to the
 * capture and from there to the authorization our payment is keyed by, then mirror it (a refund
 * made in PayPal's dashboard is added; our own, known by its custom_id, is counted once).
 */
async function applyRefund(
  ctx: Context,
  paypal: PayPalClient,
  event: PayPalEvent,
  onChanged?: OnPaymentChanged,
): Promise<"applied" | "duplicate" | "ignored"> {
  // Network calls first, outside any transaction.
  const refund = event.resource?.id ? await paypal.getRefund(event.resource.id) : undefined;
  const captureId = refund?.links
    ?.find((l) => l.rel === "up")
    ?.href.split("/")
    .pop();
  const capture = captureId ? await paypal.getCapture(decodeURIComponent(captureId)) : undefined;
  const authorizationId = capture?.supplementary_data?.related_ids?.authorization_id;
  const amount = refund && minorUnits(refund.amount);
  const refunds: ProviderRefund[] =
    refund?.status === "COMPLETED" && amount !== undefined
      ? [{ id: refund.id, amount, ours: refund.custom_id || undefined }]
      : [];
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const fresh = await tx
      .insert(paypalWebhookEvents)
      .values({ eventId: event.id, type: event.event_type, receivedAt: at })
      .onConflictDoNothing()
      .returning({ id: paypalWebhookEvents.eventId });
    if (fresh.length === 0) return "duplicate";
    if (!authorizationId) return "ignored";
    const source = { source: "paypal_webhook", eventId: event.id };
    const target = { provider: "paypal", providerReference: authorizationId, source };
    await mirrorRefunds(tx, at, target, refunds, onChanged);
    return "applied";
  });
}
