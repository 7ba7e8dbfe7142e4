import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { placeholderFor, preparedQuery } from "../../shared/db/prepared-query.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { eventInsert, recordEvents } from "../../shared/outbox/outbox.ts";
import { allocate } from "./domain/allocate.ts";
import { applyStockDeltas, type LockedItem, lockItemsWithSupply, type StockDelta } from "./location-stock.ts";
import { checkReorderPoint } from "./low-stock.ts";
import { reservations, stockLevels, stockMovements } from "./schema.ts";

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
 * Holds stock for `reference` (G10): locks the SKU rows (sorted, so concurrent reservations
 * cannot deadlock) and reads their location supply, allocates each SKU across locations (the
 * destination's country first, then priority; split when one is not enough), then holds the
 * units everywhere at once. A shortfall is refused with `insufficient_stock` (the first SKU in
 * SKU order, nothing changed), or owed on backorder when the SKU allows it and its limit is not
 * reached. Must run inside the caller's transaction, which keeps the locks to its end; a constant
 * number of statements whatever the number of SKUs. Writes `inventory.reserved`.
 */
export async function reserveStock(
  tx: Db,
  reference: string,
  items: readonly StockRequest[],
  at: Date,
  options: { destinationCountry?: string | null | undefined } = {},
): Promise<Result<SkuReservation[]>> {
  const wanted = bySku(items);
  const locked = await lockItemsWithSupply(
    tx,
    wanted.map((w) => w.sku),
  );
  const taken: SkuReservation[] = [];
  for (const request of wanted) {
    const planned = planReservation(request, locked.get(request.sku), options.destinationCountry);
    if (!planned.ok) return planned;
    taken.push(planned.value);
  }
  const rows = taken.flatMap((t) => [
    ...t.locations.map((l) => ({
      sku: t.sku,
      locationId: l.locationId as string | null,
      quantity: l.quantity,
    })),
    ...(t.backordered > 0 ? [{ sku: t.sku, locationId: null, quantity: t.backordered }] : []),
  ]);
  const held = rows.map((r) => ({
    ...r,
    id: newId("res"),
    reference,
    status: "held" as const,
    createdAt: at,
  }));
  const reserved = eventInsert(
    {
      type: "inventory.reserved",
      aggregateId: reference,
      payload: sql`${JSON.stringify({ reference, items: taken })}::jsonb`,
    },
    at,
  );
  await applyStockDeltas(tx, taken.flatMap(holdsOf), [
    ...(held.length > 0 ? [tx.insert(reservations).values(held).getSQL()] : []),
    reserved,
  ]);
  return ok(taken);
}

/** Where one SKU's units come from, or why they cannot be held. Pure; the SKU lock is held. */
function planReservation(
  { sku, quantity }: StockRequest,
  item: LockedItem | undefined,
  destinationCountry: string | null | undefined,
): Result<SkuReservation> {
  const { fromLocations, shortfall } = allocate(quantity, item?.supply ?? [], destinationCountry);
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
  }
  return ok({
    sku,
    locations: fromLocations,
    backordered: shortfall,
    expectedOn: shortfall > 0 ? (item?.backorderExpectedOn ?? null) : null,
  });
}

/** The stock changes that hold a planned reservation: reserved per location, and what is owed. */
const holdsOf = (t: SkuReservation): StockDelta[] => [
  ...t.locations.map((l) => ({ sku: t.sku, locationId: l.locationId, onHand: 0, reserved: l.quantity })),
  ...(t.backordered > 0 ? [{ sku: t.sku, locationId: null, backordered: t.backordered }] : []),
];

/**
 * Turns held units into sold units: on hand and reserved both drop at each location, and the
 * ledger records it per location. Backordered units stay owed (nothing left the shelf). Then
 * checks the reorder point from the new totals. Idempotent: only reservations still held are
 * committed. Two statements whatever the number of SKUs (more only when a SKU crosses its
 * reorder point).
 */
export async function commitReservations(tx: Db, reference: string, at: Date): Promise<void> {
  const held = await moveHeld(tx, reference, "committed");
  if (held.length === 0) return;
  // The ledger's rows, per location, written by the stock change's statement.
  const sold = held.filter(isAtLocation);
  const ledger =
    sold.length === 0
      ? []
      : [
          tx
            .insert(stockMovements)
            .values(
              sold.map((r) => ({
                id: newId("mov"),
                sku: r.sku,
                locationId: r.locationId,
                delta: -r.quantity,
                reason: "sold" as const,
                reference,
                createdAt: at,
              })),
            )
            .getSQL(),
        ];
  // Backordered parts change nothing but still lock and read back their SKU: the reorder point is
  // checked here, not when units were held, so the owed units count now.
  const changed = await applyStockDeltas(
    tx,
    held.map(
      (r): StockDelta =>
        r.locationId === null
          ? { sku: r.sku, locationId: null, backordered: 0 }
          : { sku: r.sku, locationId: r.locationId, onHand: -r.quantity, reserved: -r.quantity },
    ),
    ledger,
  );
  for (const item of changed) await checkReorderPoint(tx, item, at);
}

/** Gives held units back (and backordered units no longer owed). Idempotent. Writes `inventory.released`. */
export async function releaseReservations(tx: Db, reference: string, at: Date = new Date()): Promise<void> {
  const held = await moveHeld(tx, reference, "released");
  if (held.length === 0) return;
  const changed = await applyStockDeltas(
    tx,
    held.map(
      (r): StockDelta =>
        r.locationId === null
          ? { sku: r.sku, locationId: null, backordered: -r.quantity }
          : { sku: r.sku, locationId: r.locationId, onHand: 0, reserved: -r.quantity },
    ),
  );
  for (const item of changed) await checkReorderPoint(tx, item, at);
  await recordEvents(tx, at, [
    {
      type: "inventory.released",
      aggregateId: reference,
      payload: {
        reference,
        items: held.map((r) => ({ sku: r.sku, locationId: r.locationId, quantity: r.quantity })),
      },
    },
  ]);
}

type HeldRow = { sku: string; locationId: string | null; quantity: number };

const isAtLocation = (r: HeldRow): r is HeldRow & { locationId: string } => r.locationId !== null;

/**
 * Moves the held reservations of `reference` to `next` (each row moves once) and returns them
 * sorted by SKU and location, so events and the ledger read the same on every run. The SKU locks
 * are taken afterwards, in sorted order, by applyStockDeltas.
 */
async function moveHeld(tx: Db, reference: string, next: "committed" | "released"): Promise<HeldRow[]> {
  const rows = await moveHeldRows(tx).execute({ reference, next });
  return rows.sort((a, b) => bySkuOrder(a.sku, b.sku) || bySkuOrder(a.locationId ?? "", b.locationId ?? ""));
}

const moveHeldRows = preparedQuery((db) =>
  db
    .update(reservations)
    .set({ status: placeholderFor(reservations.status, "next") })
    .where(and(eq(reservations.reference, sql.placeholder("reference")), eq(reservations.status, "held")))
    .returning({
      sku: reservations.sku,
      locationId: reservations.locationId,
      quantity: reservations.quantity,
    })
    .prepare("reservations_move_held"),
);

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
  const items = await stockStatusOf(db).execute({ skus: JSON.stringify(skus) });
  for (const r of items) {
    result.set(r.sku, {
      available: Math.max(0, r.free),
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

/**
 * Stock facts of the SKUs given as a JSON array (one statement text for any number of SKUs, so
 * it is built once), with the free units summed per SKU: one round trip on every cart read.
 */
const stockStatusOf = preparedQuery((db) =>
  db
    .select({
      sku: stockLevels.sku,
      backorderAllowed: stockLevels.backorderAllowed,
      backorderLimit: stockLevels.backorderLimit,
      backorderExpectedOn: stockLevels.backorderExpectedOn,
      backordered: stockLevels.backordered,
      // Table names spelled out: the builder leaves column names unqualified in a one-table select.
      free: sql<number>`(
        select coalesce(sum(s.on_hand - s.reserved), 0)
        from inventory_location_stock s join inventory_locations l on l.id = s.location_id
        where s.sku = inventory_stock_levels.sku and l.active
      )`.mapWith(Number),
    })
    .from(stockLevels)
    .where(sql`${stockLevels.sku} in (select jsonb_array_elements_text(${sql.placeholder("skus")}::jsonb))`)
    .prepare("stock_status_of"),
);

/** Available units (on hand − reserved, active locations) per SKU; unknown SKUs have 0. */
export async function getAvailability(db: Db, skus: readonly string[]): Promise<Map<string, number>> {
  const status = await getStockStatus(db, skus);
  return new Map([...status].map(([sku, s]) => [sku, s.available]));
}
