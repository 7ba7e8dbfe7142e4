import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { changeLocationStock, lockItem } from "./location-stock.ts";
import { findLocation } from "./locations.ts";
import { stockMovements } from "./schema.ts";
import { getStockLevel, type StockLevel } from "./stock-levels.ts";

/**
 * Moves units between two locations in one transaction: two `transfer` ledger entries (out and
 * in) sharing a reference, so both happen or neither does. Only free units move (reserved ones
 * are promised to checkouts there). The SKU's totals do not change.
 */
export async function transferStock(
  db: Db,
  input: {
    sku: string;
    fromLocationId: string;
    toLocationId: string;
    quantity: number;
    note?: string | undefined;
  },
  at: Date,
): Promise<Result<StockLevel & { transferId: string }>> {
  const { sku, fromLocationId, toLocationId, quantity } = input;
  if (fromLocationId === toLocationId) {
    const message = "must differ from fromLocationId";
    return fail("invalid_transfer", `A transfer needs two different locations.`, {
      errors: [{ field: "toLocationId", code: "invalid_transfer", message }],
    });
  }
  const transferId = newId("trf");
  const result = await db.transaction(async (tx) => {
    const item = await lockItem(tx, sku);
    if (!item) return fail("sku_not_found", `No stock is tracked for SKU ${sku}.`);
    for (const id of [fromLocationId, toLocationId])
      if (!(await findLocation(tx, id)))
        return fail("location_not_found", `There is no stock location ${id}.`);
    const out = await changeLocationStock(tx, { sku, locationId: fromLocationId, onHand: -quantity });
    if (!out) {
      return fail("insufficient_stock", `Fewer than ${quantity} free units of ${sku} at ${fromLocationId}.`, {
        meta: { sku, requested: quantity, locationId: fromLocationId },
      });
    }
    await changeLocationStock(tx, { sku, locationId: toLocationId, onHand: quantity, create: true });
    const note = input.note ?? null;
    await tx.insert(stockMovements).values([
      {
        id: newId("mov"),
        sku,
        locationId: fromLocationId,
        delta: -quantity,
        reason: "transfer",
        reference: transferId,
        note,
        createdAt: at,
      },
      {
        id: newId("mov"),
        sku,
        locationId: toLocationId,
        delta: quantity,
        reason: "transfer",
        reference: transferId,
        note,
        createdAt: at,
      },
    ]);
    await recordEvents(tx, at, [
      {
        type: "inventory.transferred",
        aggregateId: sku,
        payload: { transferId, sku, fromLocationId, toLocationId, quantity },
      },
    ]);
    return ok(undefined);
  });
  if (!result.ok) return result;
  return ok({ ...(await getStockLevel(db, sku))!, transferId });
}
