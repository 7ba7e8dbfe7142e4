import { eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { decideOrderMove } from "./order-state.ts";
import { recordOrderTransition } from "./order-timeline.ts";
import { type orderPaymentStatuses, orders } from "./schema.ts";

export type OrderPaymentStatus = (typeof orderPaymentStatuses)[number];

/**
 * Mirrors the payment's status on the order with a timeline entry, in the caller's transaction
 * (the one that changed the payment), holding the order's row lock. Repeating the same status
 * adds nothing. A move the state machine refuses (a late report that would take a refunded or
 * voided order back) is not applied: the money already moved, so it is reported as `"stale"`
 * rather than thrown, and the payments module keeps its own record of it.
 */
export async function recordPaymentStatus(
  tx: Db,
  orderId: string,
  status: OrderPaymentStatus,
  actor: string,
  at: Date,
): Promise<"applied" | "unchanged" | "stale"> {
  const [order] = await tx
    .select({
      status: orders.status,
      paymentStatus: orders.paymentStatus,
      fulfillmentStatus: orders.fulfillmentStatus,
      number: orders.number,
    })
    .from(orders)
    .where(eq(orders.id, orderId))
    .for("update");
  if (!order) return "unchanged";
  const decided = decideOrderMove(order, { kind: "payment", to: status });
  if (!decided.ok) return "stale";
  if (!decided.value.changed) return "unchanged";
  await tx.update(orders).set({ paymentStatus: status }).where(eq(orders.id, orderId));
  await recordOrderTransition(
    tx,
    { id: orderId, number: order.number },
    { before: order, after: decided.value.next },
    { type: `payment_${status}`, actor, data: { from: order.paymentStatus } },
    at,
  );
  return "applied";
}
