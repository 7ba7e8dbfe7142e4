import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../shared/db/database.ts";
import type { LocationSupply } from "./domain/allocate.ts";
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

/** Creates the SKU row when it does not exist yet (receiving a new SKU). */
export async function ensureItem(tx: Db, sku: string): Promise<void> {
  await tx.insert(stockLevels).values({ sku, onHand: 0 }).onConflictDoNothing();
}

/** A SKU row locked for a reservation, with what each active location can give of it now. */
export interface LockedItem {
  sku: string;
  backordered: number;
  backorderAllowed: boolean;
  backorderLimit: number | null;
  backorderExpectedOn: string | null;
  supply: LocationSupply[];
}

interface LockedItemRow {
  sku: string;
  backordered: number;
  backorder_allowed: boolean;
  backorder_limit: number | null;
  backorder_expected_on: string | null;
  /** False when the SKU row changed while this statement waited for its lock. */
  seen_current: boolean;
  location_id: string | null;
  country: string | null;
  priority: number | null;
  available: number | null;
}

/**
 * Locks the SKU rows of `skus` in sorted order (so concurrent callers cannot deadlock) and reads
 * their location supply, in one round trip. Unknown SKUs are absent from the map. The order is
 * byte order (`collate "C"`), the order callers that lock one SKU at a time sort them in.
 *
 * The supply is read from the statement's snapshot, which is taken before the locks are granted.
 * Every location change also updates its SKU row under the same lock (changeLocationStock,
 * applyStockDeltas), so when the locked SKU row is still the version the snapshot saw (same
 * xmin), nobody changed its locations in between and the supply is current. When it is not (the
 * statement waited for another writer), the supply of those SKUs is read again under the lock.
 */
export async function lockItemsWithSupply(tx: Db, skus: readonly string[]): Promise<Map<string, LockedItem>> {
  const items = new Map<string, LockedItem>();
  if (skus.length === 0) return items;
  const rows = await queryRows<LockedItemRow>(
    tx,
    sql`with locked as materialized (
          select sku, xmin::text as version, backordered, backorder_allowed, backorder_limit,
                 backorder_expected_on::text as backorder_expected_on
          from inventory_stock_levels where sku in ${[...skus]}
          order by sku collate "C" for no key update
        )
        select k.sku, k.backordered, k.backorder_allowed, k.backorder_limit, k.backorder_expected_on,
               seen.xmin::text = k.version as seen_current,
               s.location_id, l.country, l.priority, s.on_hand - s.reserved as available
        from locked k
        join inventory_stock_levels seen on seen.sku = k.sku
        left join (inventory_location_stock s join inventory_locations l on l.id = s.location_id and l.active)
          on s.sku = k.sku
        order by k.sku, s.location_id`,
  );
  const stale = new Set<string>();
  for (const r of rows) {
    const item = items.get(r.sku) ?? {
      sku: r.sku,
      backordered: r.backordered,
      backorderAllowed: r.backorder_allowed,
      backorderLimit: r.backorder_limit,
      backorderExpectedOn: r.backorder_expected_on,
      supply: [],
    };
    items.set(r.sku, item);
    if (!r.seen_current) stale.add(r.sku);
    else if (r.location_id !== null)
      item.supply.push({
        locationId: r.location_id,
        country: r.country,
        priority: r.priority!,
        available: r.available!,
      });
  }
  if (stale.size > 0) await rereadSupply(tx, items, [...stale]);
  return items;
}

/** Reads the supply of `skus` again, now that their locks are held. */
async function rereadSupply(tx: Db, items: Map<string, LockedItem>, skus: string[]): Promise<void> {
  const rows = await tx
    .select({
      sku: locationStock.sku,
      locationId: locationStock.locationId,
      country: locations.country,
      priority: locations.priority,
      available: sql<number>`${locationStock.onHand} - ${locationStock.reserved}`.mapWith(Number),
    })
    .from(locationStock)
    .innerJoin(locations, eq(locations.id, locationStock.locationId))
    .where(and(inArray(locationStock.sku, skus), eq(locations.active, true)))
    .orderBy(asc(locationStock.sku), asc(locationStock.locationId));
  for (const { sku, ...supply } of rows) items.get(sku)!.supply.push(supply);
}

/**
 * A change to one SKU's stock: on hand and reserved at a location, or (`locationId` null, as in
 * reservations) the units owed on backorder.
 */
export type StockDelta =
  | { sku: string; locationId: string; onHand: number; reserved: number }
  | { sku: string; locationId: null; backordered: number };

/** A SKU's totals and watch settings right after a change, as the low-stock check needs them. */
export interface ChangedItem {
  sku: string;
  onHand: number;
  reserved: number;
  backordered: number;
  reorderPoint: number | null;
  reorderQuantity: number | null;
  supplier: string | null;
  /** `low_since` is set: the crossing of the reorder point was already reported. */
  isLow: boolean;
}

interface ChangedItemRow {
  sku: string;
  on_hand: number;
  reserved: number;
  backordered: number;
  reorder_point: number | null;
  reorder_quantity: number | null;
  supplier: string | null;
  is_low: boolean;
  locations_changed: number;
}

/**
 * Applies stock deltas for any number of SKUs in one statement: locks the SKU rows in sorted order
 * (a no-op for locks already held), changes the location rows, and changes each SKU's totals by
 * the sum of its deltas, so the totals stay equal to the sum of the locations. Location rows are
 * only reached through the locked SKU rows, keeping the lock order of every stock change (SKU,
 * then its locations). Owed units never drop below zero: arrived goods may have filled them
 * already. The tables' checks refuse more reserved than on hand (G10); a location row that does
 * not exist is a bug. Returns the SKUs' new totals, sorted by SKU.
 *
 * `alongside` are inserts that record the change (reservations, ledger rows, its event), run in
 * the same statement: one round trip for the change and its records, which stand or fall with it.
 */
export async function applyStockDeltas(
  tx: Db,
  deltas: readonly StockDelta[],
  alongside: readonly SQL[] = [],
): Promise<ChangedItem[]> {
  // With no change, the records alongside are still written (the statement changes no rows).
  if (deltas.length === 0 && alongside.length === 0) return [];
  const parts = mergeDeltas(deltas);
  const rows = await queryRows<ChangedItemRow>(
    tx,
    sql`with delta as (
          select * from jsonb_to_recordset(${JSON.stringify(parts)}::jsonb)
            as d(sku text, location_id text, on_hand int, reserved int, backordered int)
        ),
        locked as materialized (
          select sku from inventory_stock_levels where sku in (select sku from delta)
          order by sku collate "C" for no key update
        ),
        moved as (
          update inventory_location_stock s
          set on_hand = s.on_hand + d.on_hand, reserved = s.reserved + d.reserved
          from delta d join locked k on k.sku = d.sku
          where s.sku = d.sku and s.location_id = d.location_id
          returning s.sku
        )${sql.join(alongside.map((insert, i) => sql`, ${sql.raw(`alongside_${i}`)} as (${insert})`))}
        update inventory_stock_levels i
        set on_hand = i.on_hand + t.on_hand, reserved = i.reserved + t.reserved,
            backordered = greatest(0, i.backordered + t.backordered)
        from (
          select d.sku, sum(d.on_hand)::int as on_hand, sum(d.reserved)::int as reserved,
                 sum(d.backordered)::int as backordered
          from delta d join locked k on k.sku = d.sku group by d.sku
        ) t
        where i.sku = t.sku
        returning i.sku, i.on_hand, i.reserved, i.backordered, i.reorder_point, i.reorder_quantity,
                  i.supplier, i.low_since is not null as is_low,
                  (select count(*) from moved)::int as locations_changed`,
  );
  const atLocations = parts.filter((p) => p.location_id !== null).length;
  const reached = rows[0]?.locations_changed ?? 0;
  if (reached !== atLocations)
    throw new Error(`stock change reached ${reached} of ${atLocations} location rows`);
  return rows
    .map((r) => ({
      sku: r.sku,
      onHand: r.on_hand,
      reserved: r.reserved,
      backordered: r.backordered,
      reorderPoint: r.reorder_point,
      reorderQuantity: r.reorder_quantity,
      supplier: r.supplier,
      isLow: r.is_low,
    }))
    .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

/** One row per SKU and location (an update matches each row once), in the statement's column names. */
function mergeDeltas(deltas: readonly StockDelta[]) {
  const merged = new Map<
    string,
    { sku: string; location_id: string | null; on_hand: number; reserved: number; backordered: number }
  >();
  for (const d of deltas) {
    const key = JSON.stringify([d.sku, d.locationId]);
    const part = merged.get(key) ?? {
      sku: d.sku,
      location_id: d.locationId,
      on_hand: 0,
      reserved: 0,
      backordered: 0,
    };
    if (d.locationId === null) part.backordered += d.backordered;
    else {
      part.on_hand += d.onHand;
      part.reserved += d.reserved;
    }
    merged.set(key, part);
  }
  return [...merged.values()];
}
