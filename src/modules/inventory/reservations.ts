import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { reservations, stockLevels, stockMovements } from "./schema.ts";

export interface StockRequest {
  sku: string;
  quantity: number;
}

/** Sums quantities per SKU (lines sharing an item are checked together) in a stable lock order. */
function bySku(items: readonly StockRequest[]): StockRequest[] {
  const totals = new Map<string, number>();
  for (const { sku, quantity } of items) totals.set(sku, (totals.get(sku) ?? 0) + quantity);
  return [...totals]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([sku, quantity]) => ({ sku, quantity }));
}

/**
 * Holds stock for `reference` with one conditional update per SKU, so two checkouts can never
 * both take the last unit (G10). Must run inside the caller's transaction; on failure the caller
 * rolls back, which also undoes holds already taken for other SKUs. SKUs are locked in sorted
 * order so concurrent reservations cannot deadlock.
 */
export async function reserveStock(
  tx: Db,
  reference: string,
  items: readonly StockRequest[],
  at: Date,
): Promise<Result<void>> {
  const wanted = bySku(items);
  for (const { sku, quantity } of wanted) {
    const updated = await tx
      .update(stockLevels)
      .set({ reserved: sql`${stockLevels.reserved} + ${quantity}` })
      .where(
        and(eq(stockLevels.sku, sku), sql`${stockLevels.onHand} - ${stockLevels.reserved} >= ${quantity}`),
      )
      .returning({ sku: stockLevels.sku });
    if (updated.length === 0) {
      const [level] = await tx.select().from(stockLevels).where(eq(stockLevels.sku, sku));
      const available = level ? Math.max(0, level.onHand - level.reserved) : 0;
      return fail("insufficient_stock", `Only ${available} of ${sku} available, ${quantity} requested.`, {
        meta: { sku, requested: quantity, available },
      });
    }
  }
  await tx.insert(reservations).values(
    wanted.map(({ sku, quantity }) => ({
      id: newId("res"),
      reference,
      sku,
      quantity,
      status: "held" as const,
      createdAt: at,
    })),
  );
  return ok(undefined);
}

/** Turns held units into sold units: on hand and reserved both drop, and the ledger records it. */
export async function commitReservations(tx: Db, reference: string, at: Date): Promise<void> {
  const held = await heldFor(tx, reference, "committed");
  for (const r of held) {
    await tx
      .update(stockLevels)
      .set({
        onHand: sql`${stockLevels.onHand} - ${r.quantity}`,
        reserved: sql`${stockLevels.reserved} - ${r.quantity}`,
      })
      .where(eq(stockLevels.sku, r.sku));
  }
  if (held.length > 0) {
    await tx.insert(stockMovements).values(
      held.map((r) => ({
        id: newId("mov"),
        sku: r.sku,
        delta: -r.quantity,
        reason: "sold" as const,
        reference,
        createdAt: at,
      })),
    );
  }
}

/** Gives held units back. Idempotent: only reservations still held are released. */
export async function releaseReservations(tx: Db, reference: string): Promise<void> {
  const held = await heldFor(tx, reference, "released");
  for (const r of held) {
    await tx
      .update(stockLevels)
      .set({ reserved: sql`${stockLevels.reserved} - ${r.quantity}` })
      .where(eq(stockLevels.sku, r.sku));
  }
}

/**
 * Moves the held reservations of `reference` to `next` and returns them sorted by SKU; each row
 * moves once. The sort matters: callers then update stock rows one by one, and RETURNING has no
 * defined order, so two commits or releases over the same SKUs could lock them in opposite
 * orders and deadlock (the loser's order would be undone and its payment voided). Same order as
 * reserveStock.
 */
async function heldFor(tx: Db, reference: string, next: "committed" | "released") {
  const rows = await tx
    .update(reservations)
    .set({ status: next })
    .where(and(eq(reservations.reference, reference), eq(reservations.status, "held")))
    .returning({ sku: reservations.sku, quantity: reservations.quantity });
  return rows.sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}

/** Available units (on hand − reserved) per SKU; unknown SKUs have 0. */
export async function getAvailability(db: Db, skus: readonly string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>(skus.map((s) => [s, 0]));
  if (skus.length === 0) return result;
  const rows = await db
    .select()
    .from(stockLevels)
    .where(inArray(stockLevels.sku, [...skus]))
    .orderBy(asc(stockLevels.sku));
  for (const r of rows) result.set(r.sku, Math.max(0, r.onHand - r.reserved));
  return result;
}
