import type { Db } from "../../shared/db/database.ts";
import { getAllocations } from "../inventory/index.ts";
import { listOrdersToFulfil } from "../orders/index.ts";
import { listOrderShipments, shippedBySku } from "./shipments.repository.ts";

export interface PickList {
  orders: {
    orderId: string;
    number: string;
    placedAt: Date;
    lines: {
      sku: string;
      title: string;
      quantity: number;
      ordered: number;
      shipped: number;
      /** Where to pick the units still to ship; `locationId` null: backordered, not yet in stock. */
      from: { locationId: string | null; quantity: number }[];
    }[];
  }[];
  /** Units to pick per SKU across those orders, most first. */
  totals: { sku: string; quantity: number }[];
}

/** What is still to ship: placed orders' units not yet in a shipment, oldest order first. */
export async function getPickList(db: Db, limit: number): Promise<PickList> {
  const open = await listOrdersToFulfil(db, limit);
  const all = await listOrderShipments(
    db,
    open.map((o) => o.id),
  );
  const allocated = await getAllocations(
    db,
    open.map((o) => o.attemptId),
  );
  const totals = new Map<string, number>();
  const orders = open.map((order) => {
    const shipped = shippedBySku(all, order.id);
    const pick = pickFrom(
      allocated.filter((a) => a.reference === order.attemptId),
      shipped,
    );
    const lines = order.lines
      .map((l) => {
        // Shipped units count against the first lines of a SKU first.
        const taken = Math.min(l.quantity, shipped.get(l.sku) ?? 0);
        shipped.set(l.sku, (shipped.get(l.sku) ?? 0) - taken);
        return {
          sku: l.sku,
          title: l.title,
          quantity: l.quantity - taken,
          ordered: l.quantity,
          shipped: taken,
          from: pick(l.sku, l.quantity - taken),
        };
      })
      .filter((l) => l.quantity > 0);
    for (const l of lines) totals.set(l.sku, (totals.get(l.sku) ?? 0) + l.quantity);
    return { orderId: order.id, number: order.number, placedAt: order.placedAt, lines };
  });
  return {
    orders: orders.filter((o) => o.lines.length > 0),
    totals: [...totals]
      .map(([sku, quantity]) => ({ sku, quantity }))
      .sort((a, b) => b.quantity - a.quantity || a.sku.localeCompare(b.sku)),
  };
}

/**
 * Hands out an order's stock allocations (per SKU: locations by id, backordered units last) to
 * its lines. Units already shipped are taken off first, from the same order the pool is kept in.
 */
function pickFrom(
  allocations: readonly { sku: string; locationId: string | null; quantity: number }[],
  shipped: ReadonlyMap<string, number>,
) {
  const pools = new Map<string, { locationId: string | null; quantity: number }[]>();
  const sorted = [...allocations].sort(
    (a, b) =>
      Number(a.locationId === null) - Number(b.locationId === null) ||
      (a.locationId ?? "").localeCompare(b.locationId ?? ""),
  );
  for (const a of sorted)
    pools.set(a.sku, [...(pools.get(a.sku) ?? []), { locationId: a.locationId, quantity: a.quantity }]);
  const take = (sku: string, quantity: number) => {
    const parts: { locationId: string | null; quantity: number }[] = [];
    let left = quantity;
    for (const p of pools.get(sku) ?? []) {
      const n = Math.min(left, p.quantity);
      if (n <= 0) continue;
      p.quantity -= n;
      left -= n;
      parts.push({ locationId: p.locationId, quantity: n });
    }
    return parts;
  };
  for (const [sku, n] of shipped) take(sku, n);
  return take;
}
