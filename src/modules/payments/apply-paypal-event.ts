import { and, eq } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import type { OnPaymentChanged } from "./payment-history.ts";
import type { PayPalClient } from "./providers/paypal-client.ts";
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
 * authorization to look at; its state is re-read from PayPal, so duplicates and out-of-order
 * deliveries see the same, current truth. The event id is recorded in the same transaction as
 * the effect; moves only go forward (authorized → captured, authorized → voided).
 */
export async function applyPayPalEvent(
  ctx: Context,
  paypal: PayPalClient,
  event: PayPalEvent,
  onChanged?: OnPaymentChanged,
): Promise<"applied" | "duplicate" | "ignored"> {
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
