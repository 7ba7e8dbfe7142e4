import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { changeLocationStock, DEFAULT_LOCATION_ID, ensureItem, lockItem } from "./location-stock.ts";
import { findLocation, primaryLocationId } from "./locations.ts";
import { watchLowStock } from "./low-stock.ts";
import { reservations, stockLevels, stockMovements } from "./schema.ts";
import { getStockLevel, type StockLevel } from "./stock-levels.ts";

export type AdjustmentReason = "received" | "adjusted" | "returned" | "damaged" | "count";

/**
 * Changes on-hand stock at a location (the primary location when none is named) by `delta` with
 * a reason, in one transaction with its ledger entry and `inventory.adjusted` event. Refused
 * when it would leave fewer units than are reserved there. Received goods first fill units owed
 * to backorders. Then checks the reorder point.
 */
export async function adjustStock(
  db: Db,
  input: {
    sku: string;
    delta: number;
    reason: AdjustmentReason;
    note?: string | undefined;
    locationId?: string | undefined;
  },
  at: Date,
): Promise<Result<StockLevel>> {
  const result = await db.transaction(async (tx) => {
    const { sku, delta, reason } = input;
    const item = await lockItem(tx, sku);
    if (!item) return fail("sku_not_found", `No stock is tracked for SKU ${sku}.`);
    const locationId = input.locationId ?? (await primaryLocationId(tx));
    if (input.locationId && !(await findLocation(tx, input.locationId)))
      return fail("location_not_found", `There is no stock location ${input.locationId}.`);
    const done = await changeLocationStock(tx, { sku, locationId, onHand: delta, create: true });
    if (!done) {
      return fail(
        "stock_below_reserved",
        `Removing ${-delta} units of ${sku} at ${locationId} would leave less than is reserved there.`,
      );
    }
    await tx
      .insert(stockMovements)
      .values({ id: newId("mov"), sku, locationId, delta, reason, note: input.note ?? null, createdAt: at });
    if (reason === "received" && delta > 0) await fillBackorders(tx, sku, locationId, `adjustment`, at);
    const [row] = await tx
      .select({ onHand: stockLevels.onHand })
      .from(stockLevels)
      .where(eq(stockLevels.sku, sku));
    await recordEvents(tx, at, [
      {
        type: "inventory.adjusted",
        aggregateId: sku,
        payload: { sku, delta, reason, locationId, onHand: row!.onHand },
      },
    ]);
    await watchLowStock(tx, sku, at);
    return ok(undefined);
  });
  if (!result.ok) return result;
  return ok((await getStockLevel(db, input.sku))!);
}

/**
 * Creates or tops up stock for a SKU at a location (the default one when none is named):
 * seeding, receiving goods; recorded as `received`, and fills units owed to backorders.
 */
export async function receiveStock(
  db: Db,
  sku: string,
  quantity: number,
  at: Date,
  locationId: string = DEFAULT_LOCATION_ID,
): Promise<void> {
  await db.transaction(async (tx) => {
    await ensureItem(tx, sku);
    await lockItem(tx, sku);
    await bookReceipt(tx, { sku, locationId, quantity, reference: null }, at);
  });
}

/** Books received units at a location in the caller's transaction (SKU lock held). */
export async function bookReceipt(
  tx: Db,
  input: { sku: string; locationId: string; quantity: number; reference: string | null },
  at: Date,
): Promise<void> {
  const { sku, locationId, quantity, reference } = input;
  await changeLocationStock(tx, { sku, locationId, onHand: quantity, create: true });
  await tx.insert(stockMovements).values({
    id: newId("mov"),
    sku,
    locationId,
    delta: quantity,
    reason: "received",
    reference,
    createdAt: at,
  });
  await fillBackorders(tx, sku, locationId, reference ?? "receipt", at);
  await watchLowStock(tx, sku, at);
}

/**
 * Units owed to backordered orders are sold first from goods that arrive, oldest debt first in
 * spirit (the count is per SKU): on hand drops with a `sold` ledger entry and the debt shrinks.
 * Without this, new shoppers would take the goods ahead of those who waited.
 */
async function fillBackorders(tx: Db, sku: string, locationId: string, reference: string, at: Date) {
  const [item] = await tx.select().from(stockLevels).where(eq(stockLevels.sku, sku));
  if (!item || item.backordered === 0) return;
  const free = await freeAt(tx, sku, locationId);
  const take = Math.min(item.backordered, free);
  if (take <= 0) return;
  await changeLocationStock(tx, { sku, locationId, onHand: -take });
  await tx
    .update(stockLevels)
    .set({ backordered: sql`${stockLevels.backordered} - ${take}` })
    .where(eq(stockLevels.sku, sku));
  await tx.insert(stockMovements).values({
    id: newId("mov"),
    sku,
    locationId,
    delta: -take,
    reason: "sold",
    reference,
    note: `${take} backordered unit(s) filled`,
    createdAt: at,
  });
}

async function freeAt(tx: Db, sku: string, locationId: string): Promise<number> {
  const level = await getStockLevel(tx, sku);
  const at = level?.locations.find((l) => l.locationId === locationId);
  return at ? at.available : 0;
}

/**
 * Puts sold units back on hand (a cancelled order), in the caller's transaction, with a
 * `returned` ledger entry per SKU referencing what caused it. Units go back to the locations
 * they were sold from when `soldUnder` (the reservation reference) is given; units that were
 * still owed on backorder are no longer owed instead. SKUs in sorted order: no deadlocks.
 */
export async function returnStock(
  tx: Db,
  reference: string,
  items: readonly { sku: string; quantity: number }[],
  at: Date,
  options: { soldUnder?: string | undefined } = {},
): Promise<void> {
  const totals = new Map<string, number>();
  for (const { sku, quantity } of items) totals.set(sku, (totals.get(sku) ?? 0) + quantity);
  const sorted = [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [sku, quantity] of sorted) {
    const item = await lockItem(tx, sku);
    if (!item) continue;
    const sold = options.soldUnder ? await committedFor(tx, options.soldUnder, sku) : [];
    let left = quantity;
    const owed = sold.find((s) => s.locationId === null)?.quantity ?? 0;
    const unowed = Math.min(left, owed, item.backordered);
    if (unowed > 0) {
      await tx
        .update(stockLevels)
        .set({ backordered: sql`${stockLevels.backordered} - ${unowed}` })
        .where(eq(stockLevels.sku, sku));
      left -= unowed;
    }
    const places = sold.filter((s) => s.locationId !== null) as { locationId: string; quantity: number }[];
    const fallback = places[0]?.locationId ?? (await primaryLocationId(tx));
    for (const place of places.length > 0 ? places : [{ locationId: fallback, quantity: left }]) {
      const back = places.length > 0 && place !== places.at(-1) ? Math.min(left, place.quantity) : left;
      if (back <= 0) continue;
      await changeLocationStock(tx, { sku, locationId: place.locationId, onHand: back, create: true });
      await tx.insert(stockMovements).values({
        id: newId("mov"),
        sku,
        locationId: place.locationId,
        delta: back,
        reason: "returned",
        reference,
        createdAt: at,
      });
      left -= back;
    }
    await watchLowStock(tx, sku, at);
  }
}

async function committedFor(tx: Db, soldUnder: string, sku: string) {
  return tx
    .select({ locationId: reservations.locationId, quantity: reservations.quantity })
    .from(reservations)
    .where(
      and(
        eq(reservations.reference, soldUnder),
        eq(reservations.sku, sku),
        eq(reservations.status, "committed"),
      ),
    )
    .orderBy(sql`${reservations.locationId} nulls first`);
}
