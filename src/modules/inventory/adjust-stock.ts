import { eq, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { stockLevels, stockMovements } from "./schema.ts";

export interface StockLevel {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
}

export type AdjustmentReason = "received" | "adjusted" | "returned" | "damaged" | "count";

const toLevel = (r: { sku: string; onHand: number; reserved: number }): StockLevel => ({
  ...r,
  available: r.onHand - r.reserved,
});

export async function getStockLevel(db: Db, sku: string): Promise<StockLevel | undefined> {
  const [row] = await db.select().from(stockLevels).where(eq(stockLevels.sku, sku));
  return row && toLevel(row);
}

/**
 * Changes on-hand stock by `delta` with a reason, in one transaction with its ledger entry and
 * `inventory.adjusted` event. Refused when it would leave fewer units than are reserved.
 */
export async function adjustStock(
  db: Db,
  input: { sku: string; delta: number; reason: AdjustmentReason; note?: string | undefined },
  at: Date,
): Promise<Result<StockLevel>> {
  return db.transaction(async (tx) => {
    const { sku, delta, reason } = input;
    const exists = await tx
      .select({ sku: stockLevels.sku })
      .from(stockLevels)
      .where(eq(stockLevels.sku, sku));
    if (exists.length === 0) return fail("sku_not_found", `No stock is tracked for SKU ${sku}.`);
    const [row] = await tx
      .update(stockLevels)
      .set({ onHand: sql`${stockLevels.onHand} + ${delta}` })
      .where(sql`${stockLevels.sku} = ${sku} and ${stockLevels.onHand} + ${delta} >= ${stockLevels.reserved}`)
      .returning();
    if (!row) {
      return fail(
        "stock_below_reserved",
        `Removing ${-delta} units of ${sku} would leave less than is reserved.`,
      );
    }
    await tx
      .insert(stockMovements)
      .values({ id: newId("mov"), sku, delta, reason, note: input.note ?? null, createdAt: at });
    await recordEvents(tx, at, [
      { type: "inventory.adjusted", aggregateId: sku, payload: { sku, delta, reason, onHand: row.onHand } },
    ]);
    return ok(toLevel(row));
  });
}

/** Creates or tops up stock for a SKU (seeding, receiving goods); recorded as `received`. */
export async function receiveStock(db: Db, sku: string, quantity: number, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(stockLevels)
      .values({ sku, onHand: quantity })
      .onConflictDoUpdate({
        target: stockLevels.sku,
        set: { onHand: sql`${stockLevels.onHand} + ${quantity}` },
      });
    await tx
      .insert(stockMovements)
      .values({ id: newId("mov"), sku, delta: quantity, reason: "received", createdAt: at });
  });
}

/**
 * Puts sold units back on hand (a cancelled order), in the caller's transaction, with a
 * `returned` ledger entry per SKU referencing what caused it. SKUs in sorted order: no deadlocks.
 */
export async function returnStock(
  tx: Db,
  reference: string,
  items: readonly { sku: string; quantity: number }[],
  at: Date,
): Promise<void> {
  const sorted = [...items].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  for (const { sku, quantity } of sorted) {
    await tx
      .update(stockLevels)
      .set({ onHand: sql`${stockLevels.onHand} + ${quantity}` })
      .where(eq(stockLevels.sku, sku));
    await tx
      .insert(stockMovements)
      .values({ id: newId("mov"), sku, delta: quantity, reason: "returned", reference, createdAt: at });
  }
}
