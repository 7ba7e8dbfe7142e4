import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { carts } from "./schema.ts";

const dayMs = 86_400_000;

/**
 * The sweep's cart pass: open carts idle longer than `ttlDays` become `expired` (they refuse
 * edits from then on; nothing is released, since stock is only reserved at completion), and
 * expired guest carts idle longer than `purgeAfterDays` are deleted with their lines. Carts of a
 * customer account are kept (their history is the customer's); completing and completed carts
 * are never touched. Conditional updates: safe to run from any number of processes at once.
 */
export async function expireIdleCarts(
  db: Db,
  now: Date,
  policy: { ttlDays: number; purgeAfterDays: number },
): Promise<{ expired: number; purged: number }> {
  const expired = await db
    .update(carts)
    .set({ status: "expired", version: sql`${carts.version} + 1` })
    .where(
      and(eq(carts.status, "open"), lt(carts.updatedAt, new Date(now.getTime() - policy.ttlDays * dayMs))),
    )
    .returning({ id: carts.id });
  const purged = await db
    .delete(carts)
    .where(
      and(
        eq(carts.status, "expired"),
        isNull(carts.customerId),
        lt(carts.updatedAt, new Date(now.getTime() - policy.purgeAfterDays * dayMs)),
      ),
    )
    .returning({ id: carts.id });
  return { expired: expired.length, purged: purged.length };
}
