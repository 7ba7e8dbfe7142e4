import type { Db } from "../../shared/db/database.ts";
import { listOrdersToFulfil } from "../orders/index.ts";
import { listOrderShipments, shippedBySku } from "./shipments.repository.ts";

export interface PickList {
  orders: {
    orderId: string;
    number: string;
    placedAt: Date;
    lines: { sku: string; title: string; quantity: number; ordered: number; shipped: number }[];
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
  const totals = new Map<string, number>();
  const orders = open.map((order) => {
    const shipped = shippedBySku(all, order.id);
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
