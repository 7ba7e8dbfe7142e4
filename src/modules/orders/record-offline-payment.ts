import { eq } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import {
  applyReceipt,
  listOrderPayments,
  matchStatementLine,
  offlineProviders,
  parseBankStatement,
  type Receipt,
  type ReceiptOutcome,
} from "../payments/index.ts";
import { decideOrderMove } from "./order-state.ts";
import { recordPaymentStatus } from "./record-payment-status.ts";
import { orders, orderTimeline } from "./schema.ts";

/**
 * Money received for an order paid by bank transfer or purchase-order invoice, in one
 * transaction: lock the order (a cancelled order takes no money: the overdue sweep and this
 * serialize on the row), apply the receipt to its payment (a key seen before changes nothing),
 * keep paymentStatus and the timeline in step. An overpayment is flagged on the timeline.
 */
export async function recordOrderReceipt(
  ctx: Context,
  orderId: string,
  receipt: Omit<Receipt, "currency"> & { currency?: string | undefined },
  actor: string,
): Promise<Result<ReceiptOutcome>> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
    if (!order) return fail<ReceiptOutcome>("not_found", `No order ${orderId}.`);
    const payment = (await listOrderPayments(tx, orderId)).find(
      (p) => offlineProviders.includes(p.provider) && p.status !== "failed",
    );
    if (!payment) {
      return fail<ReceiptOutcome>(
        "payment_not_offline",
        `Order ${order.number} is not paid by bank transfer or invoice; its provider reports payments itself.`,
      );
    }
    const allowed = decideOrderMove(order, { kind: "receive_payment" });
    if (!allowed.ok) return { ok: false as const, failure: allowed.failure };
    const applied = await applyReceipt(
      tx,
      payment.id,
      { ...receipt, currency: receipt.currency ?? order.currency },
      at,
    );
    if (!applied.ok || applied.value.duplicate) return applied;
    const r = applied.value;
    await recordPaymentStatus(tx, orderId, r.status as "partially_paid" | "captured", actor, at);
    await tx.insert(orderTimeline).values({
      id: newId("otl"),
      orderId,
      type: r.excess > 0 ? "payment_overpaid" : "payment_received",
      actor,
      data: {
        amount: receipt.amount,
        applied: r.applied,
        overpaid: r.excess,
        outstanding: r.outstanding,
        receivedOn: receipt.receivedOn,
        source: receipt.source,
      },
      at,
    });
    return applied;
  });
}

/** Admin "mark paid": `requestKey` (the Idempotency-Key) makes a repeat apply once. */
export async function markOrderPaid(
  ctx: Context,
  orderId: string,
  input: {
    amount: number;
    currency?: string | undefined;
    receivedOn: string;
    reference?: string | undefined;
    requestKey: string;
    actor: string;
  },
): Promise<Result<ReceiptOutcome>> {
  return recordOrderReceipt(
    ctx,
    orderId,
    {
      key: `manual:${orderId}:${input.requestKey}`,
      source: "manual",
      amount: input.amount,
      currency: input.currency,
      receivedOn: input.receivedOn,
      ...(input.reference ? { detail: { reference: input.reference } } : {}),
    },
    input.actor,
  );
}

export type StatementLineStatus = "matched" | "duplicate" | "unmatched" | "ambiguous";

export interface StatementLineReport {
  line: number;
  bookedOn: string;
  amount: number;
  currency: string;
  status: StatementLineStatus;
  reason: string | null;
  reference: string | null;
  orderId: string | null;
  /** Ambiguous lines: the orders it might pay, for a person to decide. */
  candidates: string[];
  applied: number;
  overpaid: number;
  outstanding: number | null;
}

/**
 * Reconciles a bank statement: each incoming line is matched by its creditor reference and
 * applied to that order's payment (partial payments accumulate; overpayments are flagged).
 * Lines without a usable reference are reported, never guessed. Importing the same statement
 * again reports its lines as `duplicate` and changes nothing. One transaction per line.
 */
export async function importBankStatement(
  ctx: Context,
  csv: string,
  actor: string,
): Promise<Result<StatementLineReport[]>> {
  const parsed = parseBankStatement(csv);
  if (!parsed.ok) return parsed;
  const report: StatementLineReport[] = [];
  for (const line of parsed.value) {
    const base = {
      line: line.line,
      bookedOn: line.bookedOn,
      amount: line.amount,
      currency: line.currency,
      reference: null,
      orderId: null,
      candidates: [],
      applied: 0,
      overpaid: 0,
      outstanding: null,
    };
    const match = await matchStatementLine(ctx.db, line);
    if (match.kind === "ambiguous") {
      report.push({ ...base, status: "ambiguous", reason: match.reason, candidates: match.orderIds });
      continue;
    }
    if (match.kind === "unmatched" || !match.orderId) {
      report.push({
        ...base,
        status: "unmatched",
        reason: match.kind === "unmatched" ? match.reason : "not_placed",
      });
      continue;
    }
    const matched = { ...base, reference: match.reference, orderId: match.orderId };
    const applied = await recordOrderReceipt(
      ctx,
      match.orderId,
      {
        key: line.key,
        source: "statement",
        amount: line.amount,
        currency: line.currency,
        receivedOn: line.bookedOn,
        detail: { line: line.line, remittance: line.remittance },
      },
      actor,
    );
    if (!applied.ok) {
      report.push({ ...matched, status: "unmatched", reason: applied.failure.code });
      continue;
    }
    const r = applied.value;
    report.push({
      ...matched,
      status: r.duplicate ? "duplicate" : "matched",
      reason: null,
      applied: r.duplicate ? 0 : r.applied,
      overpaid: r.duplicate ? 0 : r.excess,
      outstanding: r.outstanding,
    });
  }
  return ok(report);
}
