import { sql } from "drizzle-orm";
import type { Clock } from "../../src/shared/clock.ts";
import { type Db, queryRows } from "../../src/shared/db/database.ts";
import { consumeOnce } from "../../src/shared/outbox/consume-once.ts";
import type { EventSubscriber, PublishedEvent } from "../../src/shared/outbox/subscriber.ts";

/** A table standing in for a consumer's own effect (an email sent, a row in analytics). */
export async function createEffectsTable(db: Db): Promise<void> {
  await db.execute(
    sql`create table if not exists test_effects (consumer text not null, event_id text not null)`,
  );
}

/** How many times each consumer applied each event: the number that must be 1 (G13). */
export async function effectCounts(db: Db, consumer: string): Promise<Map<string, number>> {
  const rows = await queryRows<{ event_id: string; n: number }>(
    db,
    sql`select event_id, count(*)::int as n from test_effects where consumer = ${consumer} group by event_id`,
  );
  return new Map(rows.map((r) => [r.event_id, Number(r.n)]));
}

/**
 * A subscriber that applies its effect through consumeOnce and keeps a log of every call it got
 * (duplicates included), so a test can tell deliveries from effects.
 */
export function recordingSubscriber(
  db: Db,
  clock: Clock,
  name: string,
  types: string[],
  options: { failFirst?: (event: PublishedEvent) => boolean } = {},
): EventSubscriber & { calls: PublishedEvent[] } {
  const calls: PublishedEvent[] = [];
  const failed = new Set<string>();
  return {
    name,
    types,
    calls,
    async handle(event) {
      calls.push(event);
      if (options.failFirst?.(event) && !failed.has(event.id)) {
        failed.add(event.id);
        throw new Error(`${name} is down`);
      }
      await consumeOnce(db, clock, name, event.id, async (tx) => {
        await tx.execute(sql`insert into test_effects (consumer, event_id) values (${name}, ${event.id})`);
      });
    },
  };
}
