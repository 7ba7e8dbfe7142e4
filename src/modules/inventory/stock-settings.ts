import { eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { lockItem } from "./location-stock.ts";
import { watchLowStock } from "./low-stock.ts";
import { stockLevels } from "./schema.ts";
import { getStockLevel, type StockLevel } from "./stock-levels.ts";

/** What a merchant sets per SKU; absent fields stay as they are, null clears. */
export interface StockSettings {
  reorderPoint?: number | null | undefined;
  reorderQuantity?: number | null | undefined;
  supplier?: string | null | undefined;
  backorder?:
    | { allowed: boolean; limit?: number | null | undefined; expectedOn?: string | null | undefined }
    | undefined;
}

/**
 * Sets a SKU's reorder point and backorder policy. A backorder limit below what is already owed
 * is refused (`backorder_limit_below_owed`). A new reorder point is checked at once, so a SKU
 * already below it raises its `inventory.low` now rather than at the next sale.
 */
export async function updateStockSettings(
  db: Db,
  sku: string,
  settings: StockSettings,
  at: Date,
): Promise<Result<StockLevel>> {
  const result = await db.transaction(async (tx) => {
    const item = await lockItem(tx, sku);
    if (!item) return fail("sku_not_found", `No stock is tracked for SKU ${sku}.`);
    const { backorder } = settings;
    if (backorder?.limit != null && backorder.limit < item.backordered) {
      const message = `is below the ${item.backordered} unit(s) already owed`;
      return fail("backorder_limit_below_owed", `The backorder limit of ${sku} ${message}.`, {
        errors: [{ field: "backorder.limit", code: "backorder_limit_below_owed", message }],
      });
    }
    const patch: Partial<typeof stockLevels.$inferInsert> = {};
    if (settings.reorderPoint !== undefined) {
      patch.reorderPoint = settings.reorderPoint;
      patch.lowSince = null; // a new point starts a new watch
    }
    if (settings.reorderQuantity !== undefined) patch.reorderQuantity = settings.reorderQuantity;
    if (settings.supplier !== undefined) patch.supplier = settings.supplier;
    if (backorder) {
      patch.backorderAllowed = backorder.allowed;
      if (backorder.limit !== undefined) patch.backorderLimit = backorder.limit;
      if (backorder.expectedOn !== undefined) patch.backorderExpectedOn = backorder.expectedOn;
    }
    if (Object.keys(patch).length > 0)
      await tx.update(stockLevels).set(patch).where(eq(stockLevels.sku, sku));
    await watchLowStock(tx, sku, at);
    return ok(undefined);
  });
  if (!result.ok) return result;
  return ok((await getStockLevel(db, sku))!);
}
