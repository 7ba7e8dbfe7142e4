import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { placeholderFor, preparedQuery } from "../../shared/db/prepared-query.ts";
import { newId } from "../../shared/ids.ts";
import { eventInsert, recordEvents } from "../../shared/outbox/outbox.ts";
import type { AuthorizeOutcome, PaymentGateway } from "./gateway.ts";
import { payments, paymentTransactions } from "./schema.ts";

export type Gateways = ReadonlyMap<string, PaymentGateway>;
export type PaymentsContext = Context & { gateways: Gateways };

export interface PaymentRequest {
  /** The checkout attempt: our record, and the idempotency key the provider sees. */
  attemptId: string;
  provider: string;
  source: string;
  amount: number;
  currency: string;
}

export type PaymentOutcome = AuthorizeOutcome | { status: "not_found" };

/**
 * Asks the provider for a hold and records the outcome. No transaction is open during the call.
 * Calling it again for the same attempt returns the provider's first answer (same key).
 */
export async function authorizePayment(
  ctx: PaymentsContext,
  request: PaymentRequest,
): Promise<AuthorizeOutcome> {
  const gateway = gatewayFor(ctx, request.provider);
  const outcome = await gateway.authorize({
    idempotencyKey: request.attemptId,
    amount: request.amount,
    currency: request.currency,
    source: request.source,
  });
  await recordOutcome(ctx, request, outcome);
  return outcome;
}

/** What the provider knows about an attempt's authorization (after a timeout or a crash). */
export async function lookupPayment(ctx: PaymentsContext, request: PaymentRequest): Promise<PaymentOutcome> {
  const outcome = await gatewayFor(ctx, request.provider).lookup(request.attemptId, request.source);
  await recordOutcome(ctx, request, outcome);
  return outcome;
}

/**
 * Releases an attempt's authorization at the provider (a compensation). Idempotent; returns
 * false when the provider could not be reached, so the sweeper tries again later.
 */
export async function voidPayment(ctx: PaymentsContext, attemptId: string): Promise<boolean> {
  const [payment] = await ctx.db
    .select()
    .from(payments)
    .where(and(eq(payments.attemptId, attemptId), inArray(payments.status, releasable)));
  if (!payment) return true;
  const result = await gatewayFor(ctx, payment.provider).void({
    idempotencyKey: attemptId,
    providerReference: payment.providerReference ?? "",
  });
  if (result.status !== "voided") return false;
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const moved = await tx
      .update(payments)
      .set({ status: "voided", updatedAt: at })
      .where(and(eq(payments.id, payment.id), inArray(payments.status, releasable)))
      .returning({ id: payments.id });
    if (moved.length === 0) return;
    await tx.insert(paymentTransactions).values({
      id: newId("ptx"),
      paymentId: payment.id,
      kind: "void",
      outcome: "succeeded",
      amount: payment.amount,
      createdAt: at,
    });
    await recordEvents(tx, at, [
      { type: "payment.voided", aggregateId: payment.id, payload: { paymentId: payment.id, attemptId } },
    ]);
  });
  return true;
}

/**
 * Cancels a payment that waited for the shopper (3-D Secure) and was never recorded as
 * authorized: the provider may still hold it (approved at the last moment), so it is voided there
 * by its reference. Returns false when the provider could not be reached.
 */
export async function voidPaymentAction(
  ctx: PaymentsContext,
  request: { attemptId: string; provider: string; providerReference: string },
): Promise<boolean> {
  const result = await gatewayFor(ctx, request.provider).void({
    idempotencyKey: request.attemptId,
    providerReference: request.providerReference,
  });
  return result.status === "voided";
}

/** A hold at a provider, or an offline payment nothing has been paid on yet: voiding releases it. */
const releasable = ["authorized", "awaiting_payment"] as const;

/** Links an attempt's payment to the order placed for it; in the caller's transaction. */
export async function attachPaymentToOrder(
  tx: Db,
  attemptId: string,
  orderId: string,
): Promise<PaymentSummary | undefined> {
  const [row] = await linkPayment(tx).execute({ attemptId, orderId });
  return (
    row && { id: row.id, provider: row.provider, status: row.status, brand: row.brand, last4: row.last4 }
  );
}

const linkPayment = preparedQuery((db) =>
  db
    .update(payments)
    .set({ orderId: placeholderFor(payments.orderId, "orderId") })
    .where(eq(payments.attemptId, sql.placeholder("attemptId")))
    .returning({
      id: payments.id,
      provider: payments.provider,
      status: payments.status,
      brand: payments.brand,
      last4: payments.last4,
    })
    .prepare("payment_link_order"),
);

export interface PaymentSummary {
  id: string;
  provider: string;
  status: string;
  brand: string | null;
  last4: string | null;
}

export function gatewayFor(ctx: PaymentsContext, provider: string): PaymentGateway {
  const gateway = ctx.gateways.get(provider);
  if (!gateway) throw new Error(`No payment gateway configured for ${provider}`);
  return gateway;
}

/**
 * Writes the payment row once per attempt (unique attempt_id) with its history entry and its
 * event, in one statement (a data-modifying CTE; 3 round trips with begin and commit, was 5).
 * A second call for the attempt inserts nothing.
 *
 * The transaction stays although the statement alone would be atomic: a statement already sent
 * commits even if this process dies while it waits (on a lock, say), so a killed process would
 * leave a record behind after all; killed-process.test.ts checks that one killed before the
 * commit leaves none, and the sweeper recovers from the provider's answer.
 */
async function recordOutcome(ctx: Context, request: PaymentRequest, outcome: PaymentOutcome): Promise<void> {
  if (outcome.status !== "authorized" && outcome.status !== "declined") return;
  const at = ctx.clock.now();
  const id = newId("pay");
  const authorized = outcome.status === "authorized";
  const status = !authorized ? "failed" : outcome.awaitingPayment ? "awaiting_payment" : "authorized";
  const detail = authorized ? { authorizationCode: outcome.authorizationCode } : { reason: outcome.reason };
  const event = {
    paymentId: id,
    attemptId: request.attemptId,
    provider: request.provider,
    amount: request.amount,
    currency: request.currency,
    ...(authorized ? {} : { reason: outcome.reason }),
  };
  // The change and its event in one statement (G13): the event only when the payment was new.
  await ctx.db.transaction((tx) =>
    tx.execute(sql`
    with payment as (
      insert into ${payments} (id, attempt_id, provider, status, amount, currency, provider_reference,
        authorization_code, brand, last4, failure_reason, created_at, updated_at)
      values (${id}, ${request.attemptId}, ${request.provider}, ${status}, ${request.amount},
        ${request.currency}, ${outcome.providerReference ?? null},
        ${authorized ? outcome.authorizationCode : null}, ${authorized ? outcome.brand : null},
        ${authorized ? outcome.last4 : null}, ${authorized ? null : outcome.reason},
        ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz)
      on conflict do nothing
      returning id
    ), history as (
      insert into ${paymentTransactions} (id, payment_id, kind, outcome, amount, detail, created_at)
      select ${newId("ptx")}, payment.id, 'authorize', ${authorized ? "succeeded" : "failed"},
        ${request.amount}, ${JSON.stringify(detail)}::jsonb, ${at.toISOString()}::timestamptz
      from payment
    )
    ${eventInsert(
      {
        type: authorized ? "payment.authorized" : "payment.failed",
        aggregateId: sql`payment.id`,
        payload: sql`${JSON.stringify(event)}::jsonb`,
      },
      at,
      sql`payment`,
    )}`),
  );
}

/** Attempt ids of authorizations not linked to any order, older than `before`: candidates for a void. */
export async function listUnlinkedAuthorizations(db: Db, before: Date): Promise<string[]> {
  const rows = await db
    .select({ attemptId: payments.attemptId })
    .from(payments)
    .where(
      and(inArray(payments.status, releasable), isNull(payments.orderId), lt(payments.updatedAt, before)),
    )
    .limit(100);
  return rows.map((r) => r.attemptId);
}
