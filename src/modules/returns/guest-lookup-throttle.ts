import { createHash } from "node:crypto";
import { and, count, gt, inArray, lt, min } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { returnLookupFailures } from "./schema.ts";

/**
 * Misses allowed within the window before guest look-ups are refused. Per IP it stops one client
 * walking the sequential order numbers; per order number it stops many clients guessing one
 * order's email. The second can lock a real guest out for a while: their emailed token link
 * still works, which is the better key anyway.
 */
export const guestLookupLimits = { perIp: 10, perOrder: 5, windowMs: 15 * 60_000 } as const;

const digest = (s: string) => createHash("sha256").update(s).digest("hex");

/** The counters a guest look-up of `orderNumber` from `ip` is charged against. */
export function guestLookupKeys(orderNumber: string, ip: string) {
  return { ip: `ip:${digest(ip)}`, order: `order:${digest(orderNumber.trim().toUpperCase())}` };
}

/**
 * Seconds until this IP or order number may look up again, or 0 when it may now. A counter
 * frees up when its oldest miss in the window leaves it; after parallel misses that can be early,
 * and the next try is then refused with a new wait.
 */
export async function secondsUntilLookupAllowed(
  db: Db,
  keys: { ip: string; order: string },
  at: Date,
): Promise<number> {
  const since = new Date(at.getTime() - guestLookupLimits.windowMs);
  const rows = await db
    .select({ key: returnLookupFailures.key, misses: count(), oldest: min(returnLookupFailures.at) })
    .from(returnLookupFailures)
    .where(and(inArray(returnLookupFailures.key, [keys.ip, keys.order]), gt(returnLookupFailures.at, since)))
    .groupBy(returnLookupFailures.key);
  let wait = 0;
  for (const row of rows) {
    const limit = row.key === keys.ip ? guestLookupLimits.perIp : guestLookupLimits.perOrder;
    if (Number(row.misses) < limit || !row.oldest) continue;
    const oldest = new Date(row.oldest).getTime();
    wait = Math.max(wait, Math.ceil((oldest + guestLookupLimits.windowMs - at.getTime()) / 1000));
  }
  return wait;
}

/** Counts a miss against the IP and the order number, and forgets misses that left the window. */
export async function recordLookupMiss(db: Db, keys: { ip: string; order: string }, at: Date): Promise<void> {
  await db.insert(returnLookupFailures).values([
    { id: newId("rlf"), key: keys.ip, at },
    { id: newId("rlf"), key: keys.order, at },
  ]);
  await db
    .delete(returnLookupFailures)
    .where(
      and(
        inArray(returnLookupFailures.key, [keys.ip, keys.order]),
        lt(returnLookupFailures.at, new Date(at.getTime() - guestLookupLimits.windowMs)),
      ),
    );
}
