import { and, eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { restoreCredit } from "./credit-lines.ts";
import { type PaymentStatus, paymentReceipts, payments, paymentTransactions } from "./schema.ts";

export const offlineProviders: readonly string[] = ["bank_transfer", "purchase_order"];

export interface Receipt {
  /** Unique per receipt: the same key never applies twice (a statement line, a mark-paid request). */
  key: string;
  source: "manual" | "statement";
  amount: number;
  currency: string;
  /** ISO date the money arrived. */
  receivedOn: string;
  detail?: Record<string, unknown>;
}

export interface ReceiptOutcome {
  paymentId: string;
  orderId: string | null;
  status: PaymentStatus;
  /** Of this receipt: what paid the amount due, and what came beyond it (an overpayment). */
  applied: number;
  excess: number;
  /** Received so far, and what is still owed. */
  received: number;
  outstanding: number;
  currency: string;
  /** This key was already applied: nothing changed now. */
  duplicate: boolean;
}

/**
 * Applies money received for an offline payment (bank transfer, purchase-order invoice), in the
 * caller's transaction: locks the payment, refuses a key seen before (a duplicate changes
 * nothing), adds to captured_amount up to the amount due (partial payments accumulate; the rest
 * is recorded as an overpayment), gives a purchase order's credit back, and writes
 * `payment.received`.
 */
export async function applyReceipt(
  tx: Db,
  paymentId: string,
  receipt: Receipt,
  at: Date,
): Promise<Result<ReceiptOutcome>> {
  const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId)).for("update");
  if (!payment) return fail("not_found", `No payment ${paymentId}.`);
  const view = (
    applied: number,
    excess: number,
    captured: number,
    status: PaymentStatus,
    duplicate: boolean,
  ) =>
    ok({
      paymentId,
      orderId: payment.orderId,
      status,
      applied,
      excess,
      received: captured,
      outstanding: payment.amount - captured,
      currency: payment.currency,
      duplicate,
    });
  const [seen] = await tx.select().from(paymentReceipts).where(eq(paymentReceipts.key, receipt.key));
  if (seen) return view(seen.applied, seen.excess, payment.capturedAmount, payment.status, true);
  if (!offlineProviders.includes(payment.provider)) {
    return fail(
      "payment_not_offline",
      `The order was paid by ${payment.provider}, not by bank transfer or invoice.`,
    );
  }
  if (receipt.currency !== payment.currency) {
    return fail("currency_mismatch", `The payment is due in ${payment.currency}, not ${receipt.currency}.`, {
      errors: [{ field: "currency", code: "currency_mismatch", message: `must be ${payment.currency}` }],
    });
  }
  if (!["awaiting_payment", "partially_paid", "captured"].includes(payment.status)) {
    return fail("payment_not_open", `The payment is ${payment.status}; it takes no more money.`);
  }
  const applied = Math.min(receipt.amount, payment.amount - payment.capturedAmount);
  const excess = receipt.amount - applied;
  const captured = payment.capturedAmount + applied;
  const status: PaymentStatus = captured >= payment.amount ? "captured" : "partially_paid";
  await tx
    .update(payments)
    .set({ capturedAmount: captured, status, updatedAt: at })
    .where(and(eq(payments.id, paymentId)));
  await tx.insert(paymentReceipts).values({
    id: newId("rcpt"),
    paymentId,
    key: receipt.key,
    source: receipt.source,
    amount: receipt.amount,
    applied,
    excess,
    currency: receipt.currency,
    receivedOn: receipt.receivedOn,
    detail: receipt.detail ?? null,
    createdAt: at,
  });
  await tx.insert(paymentTransactions).values({
    id: newId("ptx"),
    paymentId,
    kind: "receipt",
    outcome: "succeeded",
    amount: receipt.amount,
    detail: { source: receipt.source, receivedOn: receipt.receivedOn, applied, excess },
    createdAt: at,
  });
  if (payment.provider === "purchase_order" && applied > 0) {
    await restoreCredit(tx, payment.attemptId, applied, at);
  }
  await recordEvents(tx, at, [
    {
      type: "payment.received",
      aggregateId: paymentId,
      payload: {
        paymentId,
        orderId: payment.orderId,
        provider: payment.provider,
        amount: receipt.amount,
        applied,
        overpaid: excess,
        outstanding: payment.amount - captured,
        currency: payment.currency,
        receivedOn: receipt.receivedOn,
        source: receipt.source,
      },
    },
  ]);
  return view(applied, excess, captured, status, false);
}
