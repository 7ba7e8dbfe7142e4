import type { Db } from "../../shared/db/database.ts";
import type { ShipmentStatus } from "./schema.ts";
import { listOrderShipments } from "./shipments.repository.ts";

/** Statuses of a parcel that left the warehouse: its units may be sent back. */
const left: ReadonlySet<ShipmentStatus> = new Set([
  "shipped",
  "in_transit",
  "out_for_delivery",
  "delivered",
  "exception",
]);

/** Units per SKU of an order that were shipped (pending or only labelled parcels do not count). */
export async function getShippedUnits(db: Db, orderId: string): Promise<Map<string, number>> {
  const units = new Map<string, number>();
  for (const s of await listOrderShipments(db, [orderId]))
    if (left.has(s.status)) for (const l of s.lines) units.set(l.sku, (units.get(l.sku) ?? 0) + l.quantity);
  return units;
}
