import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { locationStock, locations, stockLevels } from "./schema.ts";

export const DEFAULT_LOCATION_ID = "loc_default";

export type ItemRow = typeof stockLevels.$inferSelect;

/**
 * Locks the SKU row for the rest of the transaction. Every stock change takes this lock before
 * touching location rows: allocation across locations is then serialized per SKU, and two
 * writers always lock in the same order (SKU, then its locations), so they cannot deadlock.
 */
export async function lockItem(tx: Db, sku: string): Promise<ItemRow | undefined> {
  // "no key update": foreign-key checks of rows pointing at this SKU (a new location row, a
  // replenishment request) need not wait for it.
  const [row] = await tx.select().from(stockLevels).where(eq(stockLevels.sku, sku)).for("no key update");
  return row;
}

/**
 * Changes on hand and/or reserved at one location and on the SKU's totals by the same amounts,
 * so the totals always equal the sum of the locations. Caller holds the SKU lock; `create` makes
 * the location row first when stock may arrive somewhere new. Returns false
 * (changing nothing) when the location row would break its checks: fewer on hand than reserved.
 */
export async function changeLocationStock(
  tx: Db,
  change: { sku: string; locationId: string; onHand?: number; reserved?: number; create?: boolean },
): Promise<boolean> {
  const onHand = change.onHand ?? 0;
  const reserved = change.reserved ?? 0;
  if (change.create)
    await tx
      .insert(locationStock)
      .values({ sku: change.sku, locationId: change.locationId, onHand: 0, reserved: 0 })
      .onConflictDoNothing();
  const [row] = await tx
    .update(locationStock)
    .set({
      onHand: sql`${locationStock.onHand} + ${onHand}`,
      reserved: sql`${locationStock.reserved} + ${reserved}`,
    })
    .where(
      and(
        eq(locationStock.sku, change.sku),
        eq(locationStock.locationId, change.locationId),
        sql`${locationStock.onHand} + ${onHand} >= 0`,
        sql`${locationStock.reserved} + ${reserved} >= 0`,
        sql`${locationStock.onHand} + ${onHand} >= ${locationStock.reserved} + ${reserved}`,
      ),
    )
    .returning({ sku: locationStock.sku });
  if (!row) return false;
  await tx
    .update(stockLevels)
    .set({
      onHand: sql`${stockLevels.onHand} + ${onHand}`,
      reserved: sql`${stockLevels.reserved} + ${reserved}`,
    })
    .where(eq(stockLevels.sku, change.sku));
  return true;
}

/** What each active location can give of a SKU now (on hand − reserved). */
export async function supplyOf(tx: Db, sku: string) {
  const rows = await tx
    .select({
      locationId: locationStock.locationId,
      country: locations.country,
      priority: locations.priority,
      onHand: locationStock.onHand,
      reserved: locationStock.reserved,
    })
    .from(locationStock)
    .innerJoin(locations, eq(locations.id, locationStock.locationId))
    .where(and(eq(locationStock.sku, sku), eq(locations.active, true)))
    .orderBy(asc(locationStock.locationId));
  return rows.map((r) => ({ ...r, available: r.onHand - r.reserved }));
}

/** Creates the SKU row when it does not exist yet (receiving a new SKU). */
export async function ensureItem(tx: Db, sku: string): Promise<void> {
  await tx.insert(stockLevels).values({ sku, onHand: 0 }).onConflictDoNothing();
}
