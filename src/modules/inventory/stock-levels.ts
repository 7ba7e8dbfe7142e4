import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { netAvailable } from "./low-stock.ts";
import { locationStock, locations, stockLevels } from "./schema.ts";

/** Stock of one SKU: totals, per location, its reorder point and backorder settings. */
export interface StockLevel {
  sku: string;
  onHand: number;
  reserved: number;
  /** on hand − reserved over all locations. */
  available: number;
  backordered: number;
  low: boolean;
  reorderPoint: number | null;
  reorderQuantity: number | null;
  supplier: string | null;
  backorder: { allowed: boolean; limit: number | null; expectedOn: string | null };
  locations: {
    locationId: string;
    code: string;
    onHand: number;
    reserved: number;
    available: number;
  }[];
}

type ItemRow = typeof stockLevels.$inferSelect;

export async function getStockLevel(db: Db, sku: string): Promise<StockLevel | undefined> {
  const [row] = await db.select().from(stockLevels).where(eq(stockLevels.sku, sku));
  if (!row) return undefined;
  return (await withLocations(db, [row]))[0];
}

/**
 * A page of SKUs in SKU order (keyset: `after` is the last SKU of the previous page). `low`
 * keeps only SKUs at or below their reorder point.
 */
export async function listStockLevels(
  db: Db,
  query: { limit: number; after?: string | undefined; low?: boolean | undefined },
): Promise<{ items: StockLevel[]; next: string | null }> {
  const rows = await db
    .select()
    .from(stockLevels)
    .where(
      and(
        query.after ? gt(stockLevels.sku, query.after) : undefined,
        query.low
          ? sql`${stockLevels.reorderPoint} is not null and ${stockLevels.onHand} - ${stockLevels.reserved} - ${stockLevels.backordered} <= ${stockLevels.reorderPoint}`
          : undefined,
      ),
    )
    .orderBy(asc(stockLevels.sku))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    items: await withLocations(db, page),
    next: rows.length > query.limit ? page.at(-1)!.sku : null,
  };
}

async function withLocations(db: Db, rows: ItemRow[]): Promise<StockLevel[]> {
  if (rows.length === 0) return [];
  const perLocation = await db
    .select({
      sku: locationStock.sku,
      locationId: locationStock.locationId,
      code: locations.code,
      onHand: locationStock.onHand,
      reserved: locationStock.reserved,
    })
    .from(locationStock)
    .innerJoin(locations, eq(locations.id, locationStock.locationId))
    .where(
      inArray(
        locationStock.sku,
        rows.map((r) => r.sku),
      ),
    )
    .orderBy(asc(locations.priority), asc(locations.id));
  return rows.map((r) => ({
    sku: r.sku,
    onHand: r.onHand,
    reserved: r.reserved,
    available: r.onHand - r.reserved,
    backordered: r.backordered,
    low: r.reorderPoint !== null && netAvailable(r) <= r.reorderPoint,
    reorderPoint: r.reorderPoint,
    reorderQuantity: r.reorderQuantity,
    supplier: r.supplier,
    backorder: { allowed: r.backorderAllowed, limit: r.backorderLimit, expectedOn: r.backorderExpectedOn },
    locations: perLocation
      .filter((l) => l.sku === r.sku)
      .map(({ sku: _, ...l }) => ({ ...l, available: l.onHand - l.reserved })),
  }));
}
