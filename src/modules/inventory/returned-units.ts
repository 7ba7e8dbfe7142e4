import type { Db } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { returnStock } from "./adjust-stock.ts";
import { stockMovements } from "./schema.ts";

/**
 * Books units a shopper sent back, in the caller's transaction, with `reference` (the return):
 * `restock` puts them back on hand like a cancelled order's (`returned`); `write_off` records
 * them as `damaged` with no change to on-hand stock, since sold units had already left it.
 */
export async function bookReturnedUnits(
  tx: Db,
  reference: string,
  items: readonly { sku: string; quantity: number; disposition: "restock" | "write_off" }[],
  at: Date,
): Promise<void> {
  const counted = items.filter((i) => i.quantity > 0);
  const restock = counted.filter((i) => i.disposition === "restock");
  if (restock.length > 0) await returnStock(tx, reference, restock, at);
  for (const { sku, quantity } of counted.filter((i) => i.disposition === "write_off"))
    await tx.insert(stockMovements).values({
      id: newId("mov"),
      sku,
      delta: 0,
      reason: "damaged",
      reference,
      note: `${quantity} returned unit(s) written off`,
      createdAt: at,
    });
}
