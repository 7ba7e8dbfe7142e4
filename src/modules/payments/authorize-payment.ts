import { and, eq, inArray, isNull, lt } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
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
  const [row] = await tx
    .update(payments)
    .set({ orderId })
    .where(eq(payments.attemptId, attemptId))
    .returning();
  return (
    row && { id: row.id, provider: row.provider, status: row.status, brand: row.brand, last4: row.last4 }
  );
}

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

/** Writes the payment row once per attempt (unique attempt_id) with its history entry. */
async function recordOutcome(ctx: Context, request: PaymentRequest, outcome: PaymentOutcome): Promise<void> {
  if (outcome.status !== "authorized" && outcome.status !== "declined") return;
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const id = newId("pay");
    const authorized = outcome.status === "authorized";
    const inserted = await tx
      .insert(payments)
      .values({
        id,
        attemptId: request.attemptId,
        provider: request.provider,
        status: !authorized ? "failed" : outcome.awaitingPayment ? "awaiting_payment" : "authorized",
        amount: request.amount,
        currency: request.currency,
        providerReference: outcome.providerReference ?? null,
        authorizationCode: authorized ? outcome.authorizationCode : null,
        brand: authorized ? outcome.brand : null,
        last4: authorized ? outcome.last4 : null,
        failureReason: authorized ? null : outcome.reason,
        createdAt: at,
        updatedAt: at,
      })
      .onConflictDoNothing()
      .returning({ id: payments.id });
    if (inserted.length === 0) return;
    await tx.insert(paymentTransactions).values({
      id: newId("ptx"),
      paymentId: id,
      kind: "authorize",
      outcome: authorized ? "succeeded" : "failed",
      amount: request.amount,
      detail: authorized ? { authorizationCode: outcome.authorizationCode } : { reason: outcome.reason },
      createdAt: at,
    });
    await recordEvents(tx, at, [
      {
        type: authorized ? "payment.authorized" : "payment.failed",
        aggregateId: id,
        payload: {
          paymentId: id,
          attemptId: request.attemptId,
          provider: request.provider,
          amount: request.amount,
          currency: request.currency,
          ...(authorized ? {} : { reason: outcome.reason }),
        },
      },
    ]);
  });
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
