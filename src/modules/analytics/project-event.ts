import { type SQL, sql } from "drizzle-orm";
import type { Clock } from "../../shared/clock.ts";
import type { Db } from "../../shared/db/database.ts";
import { consumeOnce, consumeOnceInOneStatement } from "../../shared/outbox/consume-once.ts";
import type { PublishedEvent } from "../../shared/outbox/subscriber.ts";
import { getOrder, type OrderView } from "../orders/index.ts";
import { checkoutFactMerge, mergeCheckoutFact } from "./checkout-facts.ts";
import { customerKeyOf } from "./customer-key.ts";
import { projectRecovery, recoveryEventTypes } from "./project-recovery.ts";
import { analyticsCheckoutFailures } from "./schema.ts";
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

/**
 * Applies one event to the analytics tables once per event id for `consumer`. The frequent events
 * (a placed order, a payment) take one statement with their consumption record; the rest run
 * under consumeOnce. The subscriber's path; the rebuild replays through projectEvent.
 */
export async function projectEventOnce(
  db: Db,
  clock: Clock,
  consumer: string,
  event: PublishedEvent,
): Promise<void> {
  switch (event.type) {
    case "order.placed": {
      const facts = await orderFacts(db, event);
      await consumeOnceInOneStatement(db, clock, consumer, event.id, (consumed) =>
        orderStatements(facts, sql`exists (select 1 from ${consumed})`),
      );
      return;
    }
    case "payment.authorized":
    case "payment.failed":
      await consumeOnceInOneStatement(db, clock, consumer, event.id, (consumed) => [
        paymentStatement(event, sql`exists (select 1 from ${consumed})`),
      ]);
      return;
    default:
      await consumeOnce(db, clock, consumer, event.id, (tx) => projectEvent(tx, event));
  }
}

async function projectOrder(tx: Db, event: PublishedEvent): Promise<void> {
  for (const statement of orderStatements(await orderFacts(tx, event))) await tx.execute(statement);
}

type OrderFacts = { event: PublishedEvent; order: OrderView };

async function orderFacts(db: Db, event: PublishedEvent): Promise<OrderFacts> {
  const orderId = text(event.payload.orderId) ?? event.aggregateId;
  const order = await getOrder(db, orderId);
  // Thrown, not skipped: the event is retried rather than the order silently missing.
  if (!order) throw new Error(`order ${orderId} of event ${event.id} not found`);
  return { event, order };
}

/** The order's row, its checkout's completion and the payment attempt's cart: three tables. */
function orderStatements({ event, order }: OrderFacts, onlyIf: SQL = sql`true`): [SQL, ...SQL[]] {
  const at = event.occurredAt;
  const customerKey = customerKeyOf(order.email);
  const method = order.payment.brand ?? order.payment.provider;
  const country = order.shippingAddress.country;
  // ISO weekday: Monday 1 … Sunday 7 (getUTCDay has Sunday 0).
  const weekday = ((at.getUTCDay() + 6) % 7) + 1;
  const codes = JSON.stringify(order.promotions.map((p) => p.code ?? p.label));
  return [
    sql`insert into analytics_orders
          (order_id, cart_id, placed_at, hour, weekday, currency, total, discount_total,
           promotion_codes, country, customer_key, provider, method)
        select ${order.id}::text, ${order.cartId}::text, ${at.toISOString()}::timestamptz,
               ${at.getUTCHours()}::int, ${weekday}::int, ${order.currency}::text, ${order.total}::bigint,
               ${order.discountTotal}::bigint,
               array(select jsonb_array_elements_text(${codes}::jsonb)), ${country ?? null}::text,
               ${customerKey ?? null}::text, ${order.payment.provider}::text, ${method}::text
        where ${onlyIf}
        on conflict do nothing
        returning order_id`,
    checkoutFactMerge(
      {
        cartId: order.cartId,
        at,
        rank: stepRank("completed"),
        started: true,
        currency: order.currency,
        country,
        customerKey,
        order: { orderId: order.id, total: order.total, provider: order.payment.provider, method },
      },
      onlyIf,
    ),
    paymentAttemptLink(order.attemptId, order.cartId, onlyIf),
  ];
}

async function projectPayment(tx: Db, event: PublishedEvent): Promise<void> {
  await tx.execute(paymentStatement(event));
}

function paymentStatement(event: PublishedEvent, onlyIf: SQL = sql`true`): SQL {
  const p = event.payload;
  const authorized = event.type === "payment.authorized";
  const provider = text(p.provider) ?? "unknown";
  // The brand is only known once authorized, so the success ratio is per provider and method
  // family; brands show in payment-methods.
  return sql`insert into analytics_payment_attempts
               (payment_id, attempt_id, provider, method, outcome, decline_reason, amount, currency, at)
             select ${text(p.paymentId) ?? event.aggregateId}::text, ${text(p.attemptId) ?? ""}::text,
                    ${provider}::text, ${methodFamilyOf(provider)}::text,
                    ${authorized ? "authorized" : "failed"}::text,
                    ${authorized ? null : (text(p.reason) ?? "unknown")}::text, ${Number(p.amount)}::bigint,
                    ${text(p.currency) ?? "XXX"}::text, ${event.occurredAt.toISOString()}::timestamptz
             where ${onlyIf}
             on conflict do nothing
             returning payment_id`;
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
  await tx.execute(paymentAttemptLink(attemptId, cartId));
}

function paymentAttemptLink(attemptId: string, cartId: string, onlyIf: SQL = sql`true`): SQL {
  return sql`update analytics_payment_attempts set cart_id = ${cartId}
             where attempt_id = ${attemptId} and cart_id is null and ${onlyIf}`;
}
