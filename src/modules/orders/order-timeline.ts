import type { Db } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { type OrderFacets, stateChange } from "./order-state.ts";
import { orderTimeline } from "./schema.ts";

/**
 * Adds an entry to the order's timeline in the caller's transaction, for what other modules do
 * to a placed order (e.g. `return_requested`, `return_refunded`).
 */
export async function appendOrderTimeline(
  tx: Db,
  orderId: string,
  entry: { type: string; actor: string; data?: Record<string, unknown> },
  at: Date,
): Promise<void> {
  await tx.insert(orderTimeline).values({
    id: newId("otl"),
    orderId,
    type: entry.type,
    actor: entry.actor,
    data: entry.data ?? null,
    at,
  });
}

/**
 * Records one move of the order, in the caller's transaction (which holds the order's row lock
 * and wrote the new facets): its timeline entry and, when the headline state changed,
 * `order.state_changed` to the outbox, so subscribers follow the same machine the API shows.
 */
export async function recordOrderTransition(
  tx: Db,
  order: { id: string; number: string },
  move: { before: OrderFacets; after: OrderFacets },
  entry: { type: string; actor: string; data?: Record<string, unknown> },
  at: Date,
): Promise<void> {
  const change = stateChange(move.before, move.after);
  await appendOrderTimeline(tx, order.id, { ...entry, data: { ...entry.data, ...change } }, at);
  if (!change.state) return;
  await recordEvents(tx, at, [
    {
      type: "order.state_changed",
      aggregateId: order.id,
      payload: {
        orderId: order.id,
        number: order.number,
        state: change.state,
        from: change.stateFrom,
        cause: entry.type,
        actor: entry.actor,
      },
    },
  ]);
}
