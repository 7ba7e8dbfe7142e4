import type { Db } from "../../shared/db/database.ts";
import { fail, type Result } from "../../shared/failure.ts";
import {
  capturePayment,
  listOrderPayments,
  type OnPaymentChanged,
  type PaymentsContext,
  type PaymentView,
  refundPayment,
} from "../payments/index.ts";
import { type OrderPaymentStatus, recordPaymentStatus } from "./record-payment-status.ts";

/**
 * Merchant payment operations on an order: orders decides which payment and keeps its own
 * paymentStatus and timeline in step; payments moves the money and guards G8.
 */
export async function captureOrderPayment(
  ctx: PaymentsContext,
  orderId: string,
  input: { amount?: number | undefined; actor: string },
): Promise<Result<PaymentView>> {
  const payment = await orderPayment(ctx.db, orderId);
  if (!payment) return fail("not_found", `Order ${orderId} has no payment.`);
  return capturePayment(ctx, payment.id, input, followOn(ctx, input.actor));
}

export async function refundOrderPayment(
  ctx: PaymentsContext,
  orderId: string,
  input: { amount: number; reason: string; requestKey: string; actor: string },
): Promise<Result<PaymentView>> {
  const payment = await orderPayment(ctx.db, orderId);
  if (!payment) return fail("not_found", `Order ${orderId} has no payment.`);
  return refundPayment(ctx, payment.id, input, followOn(ctx, input.actor));
}

/** The order's payments with their transaction history; undefined when there is no such order. */
export async function getOrderPayments(db: Db, orderId: string): Promise<PaymentView[]> {
  return listOrderPayments(db, orderId);
}

/** Keeps orders.payment_status in step, for callers outside this module (e.g. webhooks wired in app/). */
export function followOn(ctx: { clock: { now(): Date } }, actor: string): OnPaymentChanged {
  return async (tx, payment) => {
    if (!payment.orderId || payment.status === "failed") return;
    await recordPaymentStatus(
      tx,
      payment.orderId,
      payment.status as OrderPaymentStatus,
      actor,
      ctx.clock.now(),
    );
  };
}

async function orderPayment(db: Db, orderId: string): Promise<PaymentView | undefined> {
  return (await listOrderPayments(db, orderId)).find((p) => p.status !== "failed");
}
