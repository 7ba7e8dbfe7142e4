import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { allocate } from "./domain/allocate.ts";
import { changeLocationStock, lockItem, supplyOf } from "./location-stock.ts";
import { watchLowStock } from "./low-stock.ts";
import { locationStock, locations, reservations, stockLevels, stockMovements } from "./schema.ts";

export interface StockRequest {
  sku: string;
  quantity: number;
}

/** Where the units of one SKU were found: per location, and the part owed on backorder. */
export interface SkuReservation {
  sku: string;
  locations: { locationId: string; quantity: number }[];
  backordered: number;
  /** The date the merchant expects backordered units (YYYY-MM-DD), when backordered. */
  expectedOn: string | null;
}

const bySkuOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sums quantities per SKU (lines sharing an item are checked together) in a stable lock order. */
function bySku(items: readonly StockRequest[]): StockRequest[] {
  const totals = new Map<string, number>();
  for (const { sku, quantity } of items) totals.set(sku, (totals.get(sku) ?? 0) + quantity);
  return [...totals].sort(([a], [b]) => bySkuOrder(a, b)).map(([sku, quantity]) => ({ sku, quantity }));
}

/**
 * Holds stock for `reference` (G10): per SKU, locks the SKU row, allocates across locations (the
 * destination's country first, then priority; split when one is not enough) and holds units
 * per location with conditional updates. A shortfall is refused with `insufficient_stock`, or
 * owed on backorder when the SKU allows it and its limit is not reached. Must run inside the
 * caller's transaction; on failure the caller rolls back, which undoes holds already taken.
 * SKUs are locked in sorted order so concurrent reservations cannot deadlock. Writes
 * `inventory.reserved`.
 */
export async function reserveStock(
  tx: Db,
  reference: string,
  items: readonly StockRequest[],
  at: Date,
  options: { destinationCountry?: string | null | undefined } = {},
): Promise<Result<SkuReservation[]>> {
  const taken: SkuReservation[] = [];
  for (const { sku, quantity } of bySku(items)) {
    const item = await lockItem(tx, sku);
    const supply = item ? await supplyOf(tx, sku) : [];
    const { fromLocations, shortfall } = allocate(quantity, supply, options.destinationCountry);
    const available = quantity - shortfall;
    if (shortfall > 0) {
      const room = !item?.backorderAllowed
        ? 0
        : item.backorderLimit === null
          ? Number.POSITIVE_INFINITY
          : Math.max(0, item.backorderLimit - item.backordered);
      if (shortfall > room) {
        const onBackorder = Number.isFinite(room) ? room : null;
        return fail(
          "insufficient_stock",
          `Only ${available} of ${sku} available${room > 0 ? ` (and ${room} on backorder)` : ""}, ${quantity} requested.`,
          {
            meta: { sku, requested: quantity, available, ...(item?.backorderAllowed ? { onBackorder } : {}) },
          },
        );
      }
      await tx
        .update(stockLevels)
        .set({ backordered: sql`${stockLevels.backordered} + ${shortfall}` })
        .where(eq(stockLevels.sku, sku));
    }
    for (const part of fromLocations) {
      const held = await changeLocationStock(tx, {
        sku,
        locationId: part.locationId,
        reserved: part.quantity,
      });
      // Cannot happen while the SKU lock is held: the supply was read under it.
      if (!held) throw new Error(`allocation of ${sku} at ${part.locationId} no longer fits`);
    }
    taken.push({
      sku,
      locations: fromLocations,
      backordered: shortfall,
      expectedOn: shortfall > 0 ? (item?.backorderExpectedOn ?? null) : null,
    });
  }
  const rows = taken.flatMap((t) => [
    ...t.locations.map((l) => ({
      sku: t.sku,
      locationId: l.locationId as string | null,
      quantity: l.quantity,
    })),
    ...(t.backordered > 0 ? [{ sku: t.sku, locationId: null, quantity: t.backordered }] : []),
  ]);
  if (rows.length > 0)
    await tx
      .insert(reservations)
      .values(
        rows.map((r) => ({ ...r, id: newId("res"), reference, status: "held" as const, createdAt: at })),
      );
  await recordEvents(tx, at, [
    { type: "inventory.reserved", aggregateId: reference, payload: { reference, items: taken } },
  ]);
  return ok(taken);
}

/**
 * Turns held units into sold units: on hand and reserved both drop at each location, and the
 * ledger records it per location. Backordered units stay owed (nothing left the shelf). Then
 * checks the reorder point. Idempotent: only reservations still held are committed.
 */
export async function commitReservations(tx: Db, reference: string, at: Date): Promise<void> {
  const held = await heldFor(tx, reference, "committed");
  for (const [sku, rows] of held) {
    await lockItem(tx, sku);
    for (const r of rows) {
      if (r.locationId === null) continue;
      const done = await changeLocationStock(tx, {
        sku,
        locationId: r.locationId,
        onHand: -r.quantity,
        reserved: -r.quantity,
      });
      if (!done) throw new Error(`committing ${sku} at ${r.locationId} broke its stock row`);
      await tx.insert(stockMovements).values({
        id: newId("mov"),
        sku,
        locationId: r.locationId,
        delta: -r.quantity,
        reason: "sold",
        reference,
        createdAt: at,
      });
    }
    await watchLowStock(tx, sku, at);
  }
}

/** Gives held units back (and backordered units no longer owed). Idempotent. Writes `inventory.released`. */
export async function releaseReservations(tx: Db, reference: string, at: Date = new Date()): Promise<void> {
  const held = await heldFor(tx, reference, "released");
  if (held.size === 0) return;
  for (const [sku, rows] of held) {
    await lockItem(tx, sku);
    for (const r of rows) {
      if (r.locationId === null) {
        await tx
          .update(stockLevels)
          .set({ backordered: sql`greatest(0, ${stockLevels.backordered} - ${r.quantity})` })
          .where(eq(stockLevels.sku, sku));
      } else {
        const done = await changeLocationStock(tx, { sku, locationId: r.locationId, reserved: -r.quantity });
        if (!done) throw new Error(`releasing ${sku} at ${r.locationId} broke its stock row`);
      }
    }
    await watchLowStock(tx, sku, at);
  }
  await recordEvents(tx, at, [
    {
      type: "inventory.released",
      aggregateId: reference,
      payload: {
        reference,
        items: [...held].flatMap(([sku, rows]) =>
          rows.map((r) => ({ sku, locationId: r.locationId, quantity: r.quantity })),
        ),
      },
    },
  ]);
}

/**
 * Moves the held reservations of `reference` to `next`, grouped per SKU in sorted order; each row
 * moves once. The order matters: callers then lock SKU rows one by one, and RETURNING has no
 * defined order, so two commits or releases over the same SKUs could lock them in opposite
 * orders and deadlock. Same order as reserveStock.
 */
async function heldFor(tx: Db, reference: string, next: "committed" | "released") {
  const rows = await tx
    .update(reservations)
    .set({ status: next })
    .where(and(eq(reservations.reference, reference), eq(reservations.status, "held")))
    .returning({
      sku: reservations.sku,
      locationId: reservations.locationId,
      quantity: reservations.quantity,
    });
  rows.sort((a, b) => bySkuOrder(a.sku, b.sku) || bySkuOrder(a.locationId ?? "", b.locationId ?? ""));
  const grouped = new Map<string, typeof rows>();
  for (const r of rows) grouped.set(r.sku, [...(grouped.get(r.sku) ?? []), r]);
  return grouped;
}

/** Where the units held or sold for `reference` come from, per SKU and location (null: backorder). */
export async function getAllocations(
  db: Db,
  references: readonly string[],
): Promise<
  { reference: string; sku: string; locationId: string | null; quantity: number; status: string }[]
> {
  if (references.length === 0) return [];
  return db
    .select({
      reference: reservations.reference,
      sku: reservations.sku,
      locationId: reservations.locationId,
      quantity: reservations.quantity,
      status: reservations.status,
    })
    .from(reservations)
    .where(and(inArray(reservations.reference, [...references]), sql`${reservations.status} <> 'released'`))
    .orderBy(reservations.reference, reservations.sku, reservations.locationId);
}

/** What a shopper may be told about a SKU: free units, and whether more can be backordered. */
export interface StockStatus {
  available: number;
  backorder: { allowed: boolean; remaining: number | null; expectedOn: string | null };
}

/** Stock status per SKU, from active locations; unknown SKUs have nothing and no backorder. */
export async function getStockStatus(db: Db, skus: readonly string[]): Promise<Map<string, StockStatus>> {
  const result = new Map<string, StockStatus>(
    skus.map((s) => [s, { available: 0, backorder: { allowed: false, remaining: null, expectedOn: null } }]),
  );
  if (skus.length === 0) return result;
  const wanted = [...skus];
  const items = await db.select().from(stockLevels).where(inArray(stockLevels.sku, wanted));
  const free = await db
    .select({
      sku: locationStock.sku,
      available: sql<string>`sum(${locationStock.onHand} - ${locationStock.reserved})::text`,
    })
    .from(locationStock)
    .innerJoin(locations, eq(locations.id, locationStock.locationId))
    .where(and(inArray(locationStock.sku, wanted), eq(locations.active, true)))
    .groupBy(locationStock.sku);
  const freeBySku = new Map(free.map((f) => [f.sku, Number(f.available)]));
  for (const r of items) {
    result.set(r.sku, {
      available: Math.max(0, freeBySku.get(r.sku) ?? 0),
      backorder: {
        allowed: r.backorderAllowed,
        remaining: !r.backorderAllowed
          ? 0
          : r.backorderLimit === null
            ? null
            : Math.max(0, r.backorderLimit - r.backordered),
        expectedOn: r.backorderExpectedOn,
      },
    });
  }
  return result;
}

/** Available units (on hand − reserved, active locations) per SKU; unknown SKUs have 0. */
export async function getAvailability(db: Db, skus: readonly string[]): Promise<Map<string, number>> {
  const status = await getStockStatus(db, skus);
  return new Map([...status].map(([sku, s]) => [sku, s.available]));
}
