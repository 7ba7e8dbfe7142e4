import { and, eq } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { applyForwardMove, type ForwardMove } from "./forward-move.ts";
import { mirrorRefunds, type ProviderRefund } from "./mirror-refunds.ts";
import type { OnPaymentChanged } from "./payment-history.ts";
import type { PayPalClient } from "./providers/paypal-client.ts";
import { minorUnits } from "./providers/paypal-gateway.ts";
import { payments, paypalWebhookEvents } from "./schema.ts";

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
    if (!(await claimEvent(tx, event, at))) return "duplicate";
    if (!authorization) return "ignored";
    const payment = await lockPayment(tx, authorization.id);
    if (!payment) return "ignored";
    const next = payment.status === "authorized" ? moveOf(authorization.status, payment.amount) : undefined;
    const source = { source: "paypal_webhook", eventId: event.id };
    if (next) await applyForwardMove(tx, at, payment, next, source, onChanged);
    return "applied";
  });
}

/** Records the event id once per delivery history; false when it was applied before. */
async function claimEvent(tx: Db, event: PayPalEvent, at: Date): Promise<boolean> {
  const fresh = await tx
    .insert(paypalWebhookEvents)
    .values({ eventId: event.id, type: event.event_type, receivedAt: at })
    .onConflictDoNothing()
    .returning({ id: paypalWebhookEvents.eventId });
  return fresh.length > 0;
}

/** Our PayPal payment keyed by its authorization id, locked for the rest of the transaction. */
async function lockPayment(tx: Db, authorizationId: string) {
  const [payment] = await tx
    .select()
    .from(payments)
    .where(and(eq(payments.provider, "paypal"), eq(payments.providerReference, authorizationId)))
    .for("update");
  return payment;
}

/** What PayPal's authorization status means for a payment we hold as authorized. */
function moveOf(status: string, amount: number): ForwardMove | undefined {
  if (status === "CAPTURED")
    return { kind: "capture", amount, set: { status: "captured", capturedAmount: amount } };
  if (status === "VOIDED") return { kind: "void", amount, set: { status: "voided" } };
  return undefined;
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
    if (!(await claimEvent(tx, event, at))) return "duplicate";
    if (!authorizationId) return "ignored";
    const payment = await lockPayment(tx, authorizationId);
    if (!payment) return "ignored";
    const source = { source: "paypal_webhook", eventId: event.id };
    // A capture made in PayPal may reach us after its refund: move forward first.
    const captured = capture && minorUnits(capture.amount);
    if (payment.status === "authorized" && captured) {
      const amount = Math.min(captured, payment.amount);
      const move = { kind: "capture", amount, set: { status: "captured", capturedAmount: amount } } as const;
      await applyForwardMove(tx, at, payment, move, source, onChanged);
    }
    const target = { provider: "paypal", providerReference: authorizationId, source };
    await mirrorRefunds(tx, at, target, refunds, onChanged);
    return "applied";
  });
}
