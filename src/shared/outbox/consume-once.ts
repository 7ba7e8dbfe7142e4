import { sql } from "drizzle-orm";
import type { Clock } from "../clock.ts";
import { type Db, queryRows } from "../db/database.ts";

export type ConsumeResult<T> = { consumed: true; value: T } | { consumed: false };

/**
 * Runs `effect` at most once per (consumer, event id): records the consumption and applies the
 * effect in one transaction (a savepoint when `db` is already a transaction), so a redelivered
 * event is skipped and a failed effect leaves no record and can be retried.
 * Locking: a concurrent delivery of the same event to the same consumer waits on the primary key
 * until the first commits, then skips.
 */
export async function consumeOnce<T>(
  db: Db,
  clock: Clock,
  consumer: string,
  eventId: string,
  effect: (tx: Db) => Promise<T>,
): Promise<ConsumeResult<T>> {
  return db.transaction(async (tx) => {
    const claimed = await queryRows<{ event_id: string }>(
      tx,
      sql`insert into outbox_consumptions (consumer, event_id, consumed_at)
          values (${consumer}, ${eventId}, ${clock.now().toISOString()}::timestamptz)
          on conflict do nothing
          returning event_id`,
    );
    if (claimed.length === 0) return { consumed: false } as const;
    return { consumed: true, value: await effect(tx as unknown as Db) } as const;
  });
}
