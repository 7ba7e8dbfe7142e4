import type { Db } from "../../shared/db/database.ts";
import { getShippedUnits } from "../fulfillment/index.ts";
import type { OrderView } from "../orders/index.ts";
import { listOrderReturnLines } from "./returns.repository.ts";

/**
 * Units per SKU a shopper may still send back: shipped (a parcel that left), less what open or
 * finished returns hold (what arrived, once received). Exact only under the order's row lock;
 * without it, a hint for the storefront.
 */
export async function getReturnableUnits(
  db: Db,
  order: OrderView,
): Promise<{ sku: string; title: string; quantity: number }[]> {
  const shipped = await getShippedUnits(db, order.id);
  const held = new Map<string, number>();
  for (const l of await listOrderReturnLines(db, order.id, ["requested", "approved", "received", "refunded"]))
    held.set(l.sku, (held.get(l.sku) ?? 0) + (l.receivedQuantity ?? l.quantity));
  return order.lines.map((line) => ({
    sku: line.sku,
    title: line.title,
    quantity: Math.max(0, Math.min(line.quantity, shipped.get(line.sku) ?? 0) - (held.get(line.sku) ?? 0)),
  }));
}
