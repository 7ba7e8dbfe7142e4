import { eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { type orderPaymentStatuses, orders, orderTimeline } from "./schema.ts";

export type OrderPaymentStatus = (typeof orderPaymentStatuses)[number];

/**
 * Mirrors the payment's status on the order with a timeline entry, in the caller's transaction
 * (the one that changed the payment). Repeating the same status adds nothing.
 */
export async function recordPaymentStatus(
  tx: Db,
  orderId: string,
  status: OrderPaymentStatus,
  actor: string,
  at: Date,
): Promise<void> {
  const [order] = await tx
    .select({ paymentStatus: orders.paymentStatus })
    .from(orders)
    .where(eq(orders.id, orderId))
    .for("update");
  if (!order || order.paymentStatus === status) return;
  await tx.update(orders).set({ paymentStatus: status }).where(eq(orders.id, orderId));
  await tx.insert(orderTimeline).values({
    id: newId("otl"),
    orderId,
    type: `payment_${status}`,
    actor,
    data: { from: order.paymentStatus },
    at,
  });
}
