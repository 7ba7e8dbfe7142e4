import { and, asc, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { bookReceipt } from "./adjust-stock.ts";
import { lockItem } from "./location-stock.ts";
import { findLocation } from "./locations.ts";
import { replenishments } from "./schema.ts";

export type Replenishment = typeof replenishments.$inferSelect;
export type ReplenishmentStatus = Replenishment["status"];

/** Requests in id order (keyset paging), optionally of some statuses or one SKU. */
export async function listReplenishments(
  db: Db,
  query: {
    status?: ReplenishmentStatus[] | undefined;
    sku?: string | undefined;
    limit: number;
    after?: string | undefined;
  },
): Promise<{ items: Replenishment[]; next: string | null }> {
  const rows = await db
    .select()
    .from(replenishments)
    .where(
      and(
        query.status?.length ? inArray(replenishments.status, query.status) : undefined,
        query.sku ? eq(replenishments.sku, query.sku) : undefined,
        query.after ? gt(replenishments.id, query.after) : undefined,
      ),
    )
    .orderBy(asc(replenishments.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  return { items, next: rows.length > query.limit ? items.at(-1)!.id : null };
}

const notFound = (id: string) => fail("replenishment_not_found", `There is no replenishment request ${id}.`);
const closed = (r: Replenishment) =>
  fail("replenishment_closed", `Replenishment ${r.id} is ${r.status}; it can no longer change.`, {
    meta: { replenishmentStatus: r.status },
  });

/**
 * Marks a request ordered or cancelled, or changes its quantity, supplier or location while it
 * is still open or ordered. Locked, so it cannot race a receipt.
 */
export async function updateReplenishment(
  db: Db,
  id: string,
  patch: {
    status?: "ordered" | "cancelled" | undefined;
    quantity?: number | undefined;
    supplier?: string | null | undefined;
    locationId?: string | undefined;
  },
  at: Date,
): Promise<Result<Replenishment>> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(replenishments).where(eq(replenishments.id, id)).for("update");
    if (!row) return notFound(id);
    if (row.status !== "open" && row.status !== "ordered") return closed(row);
    if (patch.locationId && !(await findLocation(tx, patch.locationId)))
      return fail("location_not_found", `There is no stock location ${patch.locationId}.`);
    const values = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const [updated] = await tx
      .update(replenishments)
      .set({ ...values, updatedAt: at })
      .where(eq(replenishments.id, id))
      .returning();
    return ok(updated!);
  });
}

/**
 * Books the goods of a request as received at its location (a `received` ledger entry
 * referencing the request, filling backorders first) and closes it. Exactly once: the request
 * row is locked and must still be open or ordered, so a retried or parallel receipt is refused.
 */
export async function receiveReplenishment(
  db: Db,
  id: string,
  input: { quantity?: number | undefined },
  at: Date,
): Promise<Result<Replenishment>> {
  return db.transaction(async (tx) => {
    const [peek] = await tx.select().from(replenishments).where(eq(replenishments.id, id));
    if (!peek) return notFound(id);
    // The SKU lock first, as every stock change takes it, then the request.
    await lockItem(tx, peek.sku);
    const [row] = await tx.select().from(replenishments).where(eq(replenishments.id, id)).for("update");
    if (row!.status !== "open" && row!.status !== "ordered") return closed(row!);
    const quantity = input.quantity ?? row!.quantity;
    const [updated] = await tx
      .update(replenishments)
      .set({ status: "received", receivedQuantity: quantity, updatedAt: at })
      .where(eq(replenishments.id, id))
      .returning();
    await bookReceipt(tx, { sku: row!.sku, locationId: row!.locationId, quantity, reference: id }, at);
    return ok(updated!);
  });
}
