import { and, eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import type { OnPaymentChanged } from "./payment-history.ts";
import { type PaymentStatus, payments, paymentTransactions } from "./schema.ts";

/** A move a provider reported (by webhook) that only goes forward: authorized → captured | voided. */
export interface ForwardMove {
  kind: "capture" | "void";
  amount: number;
  set: { status: PaymentStatus; capturedAmount?: number };
}

const eventTypes = { capture: "payment.captured", void: "payment.voided" } as const;

/**
 * Applies one forward move in the webhook's transaction: a conditional update on the status the
 * move was computed from (so a parallel delivery that moved it first makes this a no-op), then
 * its history entry, its outbox event and the owner's callback (orders follow).
 */
export async function applyForwardMove(
  tx: Db,
  at: Date,
  payment: typeof payments.$inferSelect,
  move: ForwardMove,
  source: { source: string; eventId: string },
  onChanged: OnPaymentChanged | undefined,
): Promise<void> {
  const moved = await tx
    .update(payments)
    .set({ ...move.set, updatedAt: at })
    .where(and(eq(payments.id, payment.id), eq(payments.status, payment.status)))
    .returning({ id: payments.id });
  if (moved.length === 0) return;
  await tx.insert(paymentTransactions).values({
    id: newId("ptx"),
    paymentId: payment.id,
    kind: move.kind,
    outcome: "succeeded",
    amount: move.amount,
    detail: source,
    createdAt: at,
  });
  await recordEvents(tx, at, [
    {
      type: eventTypes[move.kind],
      aggregateId: payment.id,
      payload: {
        paymentId: payment.id,
        orderId: payment.orderId,
        amount: move.amount,
        source: source.source,
      },
    },
  ]);
  await onChanged?.(tx, { id: payment.id, orderId: payment.orderId, status: move.set.status });
}
