import { and, eq, sql } from "drizzle-orm";
import type { PaymentsContext } from "../payments/index.ts";
import { cancelOrder } from "./cancel-order.ts";
import { orders } from "./schema.ts";

/**
 * The overdue sweep: cancels bank-transfer orders still awaiting payment after their due date
 * (placed + BANK_TRANSFER_DUE_DAYS), through cancelOrder, so their stock goes back and
 * `order.cancelled` is written. An order that received any money is left to the merchant, and
 * money arriving while the sweep runs wins (cancelOrder re-checks under the order's row lock).
 * Purchase-order invoices are never cancelled: the goods went out on terms. Safe to run anywhere.
 */
export async function cancelOverdueBankTransfers(ctx: PaymentsContext): Promise<{ cancelled: number }> {
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const overdue = await ctx.db
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(
        eq(orders.status, "placed"),
        eq(orders.paymentStatus, "awaiting_payment"),
        sql`${orders.payment}->>'provider' = 'bank_transfer'`,
        sql`${orders.payment}->'instructions'->>'dueOn' < ${today}`,
      ),
    )
    .limit(100);
  let cancelled = 0;
  for (const { id } of overdue) {
    const result = await cancelOrder(ctx, id, {
      reason: "bank_transfer_not_received",
      actor: "system",
      onlyIfAwaitingPayment: true,
    });
    if (result.ok) cancelled++;
    else ctx.log.info({ orderId: id, code: result.failure.code }, "overdue bank transfer not cancelled");
  }
  return { cancelled };
}
