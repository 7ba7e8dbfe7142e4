import type { Db } from "../../shared/db/database.ts";
import type { OrderView } from "../orders/index.ts";

/**
 * Orders whose confirmation this process just queued, kept for its sender, which attaches the
 * receipt moments later: the order is then read once per confirmation, not twice.
 *
 * What may be stale: nothing the receipt shows. It renders the order's placement snapshot only
 * (lines, totals, addresses, payment brand and last 4), which never changes (G4). Per process and
 * per database; at most `capacity` orders, each for `ttlMs`, and taken (removed) when used, so a
 * retried send reads the database. A sender in another process reads the database.
 */
const capacity = 500;
const ttlMs = 60_000;
const byDatabase = new WeakMap<Db, Map<string, { order: OrderView; until: number }>>();

export function keepQueuedOrder(db: Db, order: OrderView, now: Date): void {
  const orders = byDatabase.get(db) ?? new Map();
  byDatabase.set(db, orders);
  // Oldest first (insertion order): drop the oldest when full.
  if (orders.size >= capacity) orders.delete(orders.keys().next().value!);
  orders.set(order.id, { order, until: now.getTime() + ttlMs });
}

/** The kept order, removed from the keep; undefined when absent or expired. */
export function takeQueuedOrder(db: Db, orderId: string, now: Date): OrderView | undefined {
  const orders = byDatabase.get(db);
  const kept = orders?.get(orderId);
  if (!kept) return undefined;
  orders!.delete(orderId);
  return kept.until > now.getTime() ? kept.order : undefined;
}
