import type { Db } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
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
