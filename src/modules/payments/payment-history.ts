import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import {
  type PaymentStatus,
  paymentReceipts,
  paymentRefunds,
  payments,
  paymentTransactions,
} from "./schema.ts";

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
  /** Money received for an offline payment (bank transfer, invoice), oldest first. */
  receipts: PaymentReceiptView[];
}

export interface PaymentReceiptView {
  id: string;
  source: "manual" | "statement";
  amount: number;
  applied: number;
  excess: number;
  receivedOn: string;
  /** What the merchant noted when marking paid, or the statement line's remittance text. */
  reference: string | null;
  createdAt: Date;
}

function receiptReference(detail: Record<string, unknown> | null): string | null {
  const text = detail?.reference ?? detail?.remittance;
  return typeof text === "string" && text ? text : null;
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
  const receipts = await db
    .select()
    .from(paymentReceipts)
    .where(inArray(paymentReceipts.paymentId, ids))
    .orderBy(asc(paymentReceipts.createdAt), asc(paymentReceipts.id));
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
    receipts: receipts
      .filter((c) => c.paymentId === r.id)
      .map((c) => ({
        id: c.id,
        source: c.source,
        amount: c.amount,
        applied: c.applied,
        excess: c.excess,
        receivedOn: c.receivedOn,
        reference: receiptReference(c.detail),
        createdAt: c.createdAt,
      })),
  }));
}
