import { asc, eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { type ChangedItem, DEFAULT_LOCATION_ID } from "./location-stock.ts";
import { locations, replenishments, stockLevels } from "./schema.ts";

/** What a SKU can still promise: free units minus units already owed to backorders. */
export const netAvailable = (r: { onHand: number; reserved: number; backordered: number }) =>
  r.onHand - r.reserved - r.backordered;

/**
 * Call after any change to a SKU's stock, in the same transaction, holding the SKU lock. When
 * available has dropped to or below the reorder point, writes `inventory.low` and raises a
 * replenishment request, once per crossing: `low_since` marks the SKU as low until available
 * rises above the point again, so every further sale below it writes nothing. The lock makes
 * this exact under parallel sales.
 */
export async function watchLowStock(tx: Db, sku: string, at: Date): Promise<void> {
  const [row] = await tx.select().from(stockLevels).where(eq(stockLevels.sku, sku));
  if (row) await checkReorderPoint(tx, { ...row, isLow: row.lowSince !== null }, at);
}

/**
 * watchLowStock for a SKU row the caller has just changed and read back (e.g. with RETURNING),
 * lock still held: no query at all unless the SKU crosses its reorder point either way.
 */
export async function checkReorderPoint(tx: Db, item: ChangedItem, at: Date): Promise<void> {
  const { sku, reorderPoint } = item;
  if (reorderPoint === null) return;
  const available = netAvailable(item);
  if (available > reorderPoint) {
    if (item.isLow) await tx.update(stockLevels).set({ lowSince: null }).where(eq(stockLevels.sku, sku));
    return;
  }
  if (item.isLow) return;
  await tx.update(stockLevels).set({ lowSince: at }).where(eq(stockLevels.sku, sku));
  await recordEvents(tx, at, [
    {
      type: "inventory.low",
      aggregateId: sku,
      payload: { sku, available, reorderPoint },
    },
  ]);
  const quantity = item.reorderQuantity ?? Math.max(1, reorderPoint * 2);
  const locationId = await receivingLocation(tx);
  // At most one request in progress per SKU (a partial unique index): a new crossing while the
  // last request is still open or ordered raises nothing new.
  const [raised] = await tx
    .insert(replenishments)
    .values({
      id: newId("rpl"),
      sku,
      locationId,
      supplier: item.supplier,
      quantity,
      status: "open",
      createdAt: at,
      updatedAt: at,
    })
    .onConflictDoNothing()
    .returning();
  if (raised)
    await recordEvents(tx, at, [
      {
        type: "inventory.replenishment_requested",
        aggregateId: sku,
        payload: { replenishmentId: raised.id, sku, quantity, supplier: raised.supplier, locationId },
      },
    ]);
}

/** Goods arrive at the first active location by priority (the main warehouse). */
async function receivingLocation(tx: Db): Promise<string> {
  const [first] = await tx
    .select({ id: locations.id })
    .from(locations)
    .where(eq(locations.active, true))
    .orderBy(asc(locations.priority), asc(locations.id))
    .limit(1);
  return first?.id ?? DEFAULT_LOCATION_ID;
}
