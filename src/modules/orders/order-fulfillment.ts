import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { FailureError } from "../../shared/failure.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { decideOrderMove } from "./order-state.ts";
import { recordOrderTransition } from "./order-timeline.ts";
import { getOrder, type OrderView } from "./orders.repository.ts";
import { type FulfillmentStatus, orders } from "./schema.ts";

/**
 * Locks the order row (`for update`) in the caller's transaction and returns the order with its
 * lines. Fulfillment takes this lock before it counts shipped units and writes a shipment, and
 * cancelOrder takes the same lock, so a shipment and a cancellation never both win.
 */
export async function lockOrderForFulfillment(tx: Db, orderId: string): Promise<OrderView | undefined> {
  const [row] = await tx.select({ id: orders.id }).from(orders).where(eq(orders.id, orderId)).for("update");
  return row ? getOrder(tx, orderId) : undefined;
}

/**
 * Sets the order's fulfillment status with a timeline entry, in the caller's transaction (the one
 * that changed the shipments, holding the order lock). Reaching `fulfilled` writes
 * `order.fulfilled`. Repeating the current status adds nothing. The caller checked the move
 * (`decideOrderMove` with `ship`) under the same lock, so a refusal here is a bug and is thrown.
 */
export async function recordFulfillmentStatus(
  tx: Db,
  orderId: string,
  status: FulfillmentStatus,
  actor: string,
  at: Date,
): Promise<void> {
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
  if (!order) return;
  const decided = decideOrderMove(order, { kind: "fulfillment", to: status });
  if (!decided.ok) throw new FailureError(decided.failure);
  if (!decided.value.changed) return;
  await tx.update(orders).set({ fulfillmentStatus: status }).where(eq(orders.id, orderId));
  await recordOrderTransition(
    tx,
    { id: orderId, number: order.number },
    { before: order, after: decided.value.next },
    { type: `fulfillment_${status}`, actor, data: { from: order.fulfillmentStatus } },
    at,
  );
  if (status === "fulfilled")
    await recordEvents(tx, at, [
      { type: "order.fulfilled", aggregateId: orderId, payload: { orderId, number: order.number } },
    ]);
}

/** Placed orders with units still to ship, oldest first (the pick list's input). */
export async function listOrdersToFulfil(db: Db, limit: number): Promise<OrderView[]> {
  const rows = await db
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(
        eq(orders.status, "placed"),
        inArray(orders.fulfillmentStatus, ["unfulfilled", "partially_fulfilled"]),
      ),
    )
    .orderBy(asc(orders.placedAt), asc(orders.id))
    .limit(limit);
  const found = await Promise.all(rows.map((r) => getOrder(db, r.id)));
  return found.filter((o): o is OrderView => o !== undefined);
}
