import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { FailureError, type Result } from "../../shared/failure.ts";
import { releaseReservations, reserveStock } from "../inventory/index.ts";
import { exchangeOutOfStock } from "./choose-exchange.ts";
import type { ReturnRow } from "./returns.repository.ts";
import { returnLines } from "./schema.ts";

/** The inventory reference of an exchange's held units, and the replacement order's cart and attempt id. */
export const exchangeReference = (returnId: string) => `exchange:${returnId}`;

/** The return's lines that are exchanged rather than refunded. */
export async function listExchangeLines(tx: Db, returnId: string) {
  const lines = await tx
    .select()
    .from(returnLines)
    .where(and(eq(returnLines.returnId, returnId), isNotNull(returnLines.exchangeSku)));
  return lines.map((l) => ({ ...l, exchangeSku: l.exchangeSku!, exchangeVariantId: l.exchangeVariantId! }));
}

/**
 * Holds stock for the replacements of a locked return, in the approval's transaction, one SKU at
 * a time in SKU order (as reserveStock locks them), so a shortfall leaves that SKU untouched. A
 * line whose replacement is short becomes a plain refund line when the shopper chose that;
 * otherwise `exchange_out_of_stock` is thrown as a FailureError so the caller's transaction rolls
 * back every hold taken before it. Returns the SKUs whose exchange was dropped.
 */
export async function holdExchangeStock(
  tx: Db,
  row: ReturnRow,
  destinationCountry: string,
  at: Date,
): Promise<string[]> {
  const lines = (await listExchangeLines(tx, row.id)).sort((a, b) =>
    a.exchangeSku < b.exchangeSku ? -1 : a.exchangeSku > b.exchangeSku ? 1 : 0,
  );
  const dropped: string[] = [];
  for (const line of lines) {
    const held: Result<unknown> = await reserveStock(
      tx,
      exchangeReference(row.id),
      [{ sku: line.exchangeSku, quantity: line.quantity }],
      at,
      { destinationCountry },
    );
    if (held.ok) continue;
    if (held.failure.code !== "insufficient_stock") throw new FailureError(held.failure);
    if (!line.refundIfUnavailable)
      throw new FailureError(
        exchangeOutOfStock(line.exchangeSku, line.quantity, Number(held.failure.meta?.available ?? 0)),
      );
    await tx
      .update(returnLines)
      .set({ exchangeSku: null, exchangeVariantId: null, exchangeTitle: null })
      .where(eq(returnLines.id, line.id));
    dropped.push(line.sku);
  }
  return dropped;
}

/** Gives the held replacements back (a rejected or cancelled exchange). Idempotent. */
export async function releaseExchangeStock(tx: Db, returnId: string, at: Date): Promise<void> {
  await releaseReservations(tx, exchangeReference(returnId), at);
}
