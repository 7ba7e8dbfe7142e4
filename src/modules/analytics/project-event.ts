import { sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import type { PublishedEvent } from "../../shared/outbox/subscriber.ts";
import { getOrder } from "../orders/index.ts";
import { mergeCheckoutFact } from "./checkout-facts.ts";
import { customerKeyOf } from "./customer-key.ts";
import { projectRecovery, recoveryEventTypes } from "./project-recovery.ts";
import { analyticsCheckoutFailures, analyticsOrders, analyticsPaymentAttempts } from "./schema.ts";
import { stepRank } from "./steps.ts";

/** The events the analytics projection reads. */
export const projectedEventTypes = [
  "order.placed",
  "payment.authorized",
  "payment.failed",
  "checkout.failed",
  ...recoveryEventTypes,
] as const;

/**
 * Applies one event to the analytics tables. Not idempotent on its own: the subscriber and the
 * rebuild both run it under consumeOnce, so each event counts once.
 */
export async function projectEvent(tx: Db, event: PublishedEvent): Promise<void> {
  switch (event.type) {
    case "order.placed":
      return projectOrder(tx, event);
    case "payment.authorized":
    case "payment.failed":
      return projectPayment(tx, event);
    case "checkout.failed":
      return projectFailure(tx, event);
    case "checkout.abandoned":
    case "checkout.reminder_sent":
    case "checkout.recovered":
      return projectRecovery(tx, event);
  }
}

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

async function projectOrder(tx: Db, event: PublishedEvent): Promise<void> {
  const orderId = text(event.payload.orderId) ?? event.aggregateId;
  const order = await getOrder(tx, orderId);
  // Thrown, not skipped: the event is retried rather than the order silently missing.
  if (!order) throw new Error(`order ${orderId} of event ${event.id} not found`);
  const at = event.occurredAt;
  const customerKey = customerKeyOf(order.email);
  const method = order.payment.brand ?? order.payment.provider;
  const country = order.shippingAddress.country;
  await tx
    .insert(analyticsOrders)
    .values({
      orderId,
      cartId: order.cartId,
      placedAt: at,
      hour: at.getUTCHours(),
      // ISO weekday: Monday 1 … Sunday 7 (getUTCDay has Sunday 0).
      weekday: ((at.getUTCDay() + 6) % 7) + 1,
      currency: order.currency,
      total: order.total,
      discountTotal: order.discountTotal,
      promotionCodes: order.promotions.map((p) => p.code ?? p.label),
      country,
      customerKey,
      provider: order.payment.provider,
      method,
    })
    .onConflictDoNothing();
  await mergeCheckoutFact(tx, {
    cartId: order.cartId,
    at,
    rank: stepRank("completed"),
    started: true,
    currency: order.currency,
    country,
    customerKey,
    order: { orderId, total: order.total, provider: order.payment.provider, method },
  });
  await linkPaymentAttempt(tx, order.attemptId, order.cartId);
}

async function projectPayment(tx: Db, event: PublishedEvent): Promise<void> {
  const p = event.payload;
  const authorized = event.type === "payment.authorized";
  await tx
    .insert(analyticsPaymentAttempts)
    .values({
      paymentId: text(p.paymentId) ?? event.aggregateId,
      attemptId: text(p.attemptId) ?? "",
      provider: text(p.provider) ?? "unknown",
      // The brand is only known once authorized, so the success ratio is per provider and
      // method family; brands show in payment-methods.
      method: methodFamilyOf(text(p.provider) ?? "unknown"),
      outcome: authorized ? "authorized" : "failed",
      declineReason: authorized ? null : (text(p.reason) ?? "unknown"),
      amount: Number(p.amount),
      currency: text(p.currency) ?? "XXX",
      at: event.occurredAt,
    })
    .onConflictDoNothing();
}

/**
 * `checkout.failed` comes from the checkout's refusal (prepare: code is the error the shopper got)
 * or its undo (code `attempt_undone`, reason a decline reason or an internal one).
 */
async function projectFailure(tx: Db, event: PublishedEvent): Promise<void> {
  const cartId = text(event.payload.cartId) ?? event.aggregateId;
  const attemptId = text(event.payload.attemptId);
  const { code, reason } = failureCodeOf(text(event.payload.code) ?? "unknown", text(event.payload.reason));
  await tx
    .insert(analyticsCheckoutFailures)
    .values({ eventId: event.id, cartId, attemptId, code, reason, at: event.occurredAt })
    .onConflictDoNothing();
  await mergeCheckoutFact(tx, { cartId, at: event.occurredAt, rank: stepRank("payment"), started: true });
  if (attemptId) await linkPaymentAttempt(tx, attemptId, cartId);
}

/** Providers that are not card gateways are their own method family; the rest take card tokens. */
const nonCardProviders = new Set(["paypal", "bank_transfer", "purchase_order"]);
const methodFamilyOf = (provider: string): string => (nonCardProviders.has(provider) ? provider : "card");

const internalUndoReasons = new Set(["checkout_error", "place_failed"]);

/** Maps an undo to the code the shopper saw, so reasons group the way the funnel reports them. */
function failureCodeOf(code: string, reason: string | null): { code: string; reason: string | null } {
  if (code !== "attempt_undone") return { code, reason };
  if (reason && internalUndoReasons.has(reason)) return { code: "checkout_error", reason };
  return { code: "payment_declined", reason };
}

/** Payment events do not know the cart; the checkout's later event tells which attempt was whose. */
async function linkPaymentAttempt(tx: Db, attemptId: string, cartId: string): Promise<void> {
  await tx.execute(
    sql`update analytics_payment_attempts set cart_id = ${cartId}
        where attempt_id = ${attemptId} and cart_id is null`,
  );
}
