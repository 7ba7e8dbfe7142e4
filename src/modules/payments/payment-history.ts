import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { type PaymentStatus, paymentRefunds, payments, paymentTransactions } from "./schema.ts";

export interface PaymentView {
  id: string;
  orderId: string | null;
  provider: string;
  status: PaymentStatus;
  currency: string;
  amount: number;
  capturedAmount: number;
  /** Refunded, plus refunds still waiting for the provider's answer. */
  refundedAmount: number;
  brand: string | null;
  last4: string | null;
  providerReference: string | null;
  transactions: { id: string; kind: string; outcome: string; amount: number; createdAt: Date }[];
  refunds: { id: string; amount: number; reason: string; status: string; createdAt: Date }[];
}

/** Called inside the transaction that changes a payment, so an owner above (orders) can follow. */
export type OnPaymentChanged = (
  tx: Db,
  payment: { id: string; orderId: string | null; status: PaymentStatus },
) => Promise<void>;

/** The payments linked to an order, oldest first, each with its history and refunds. */
export async function listOrderPayments(db: Db, orderId: string): Promise<PaymentView[]> {
  const rows = await db
    .select()
    .from(payments)
    .where(eq(payments.orderId, orderId))
    .orderBy(asc(payments.createdAt));
  return withHistory(db, rows);
}

export async function getPaymentView(db: Db, paymentId: string): Promise<PaymentView | undefined> {
  const rows = await db.select().from(payments).where(eq(payments.id, paymentId));
  return (await withHistory(db, rows))[0];
}

async function withHistory(db: Db, rows: (typeof payments.$inferSelect)[]): Promise<PaymentView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const transactions = await db
    .select()
    .from(paymentTransactions)
    .where(inArray(paymentTransactions.paymentId, ids))
    .orderBy(asc(paymentTransactions.createdAt), asc(paymentTransactions.id));
  const refunds = await db
    .select()
    .from(paymentRefunds)
    .where(inArray(paymentRefunds.paymentId, ids))
    .orderBy(asc(paymentRefunds.createdAt), asc(paymentRefunds.id));
  return rows.map((r) => ({
    id: r.id,
    orderId: r.orderId,
    provider: r.provider,
    status: r.status,
    currency: r.currency,
    amount: r.amount,
    capturedAmount: r.capturedAmount,
    refundedAmount: r.refundedAmount,
    brand: r.brand,
    last4: r.last4,
    providerReference: r.providerReference,
    transactions: transactions
      .filter((t) => t.paymentId === r.id)
      .map((t) => ({ id: t.id, kind: t.kind, outcome: t.outcome, amount: t.amount, createdAt: t.createdAt })),
    refunds: refunds
      .filter((f) => f.paymentId === r.id)
      .map((f) => ({
        id: f.id,
        amount: f.amount,
        reason: f.reason,
        status: f.status,
        createdAt: f.createdAt,
      })),
  }));
}
