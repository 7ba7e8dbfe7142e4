import { type SQL, sql } from "drizzle-orm";
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

/**
 * `consumeOnce` for effects that are single data-modifying statements: the consumption record
 * and the effects are one statement (atomic without a transaction: one round trip, not 3 + n).
 * Each effect gets the name of a CTE that holds this consumption's row when the event is new and
 * no row when it was consumed before, and must apply only when it has a row
 * (`where exists (select 1 from ${consumed})`). Effects run on one snapshot, so they must not
 * touch the same rows. The first effect ends with a `returning` clause: `affected` counts its rows.
 * `unless`, a boolean condition, declines the event instead (nothing recorded, nothing applied,
 * `declined` true), for a caller that then takes the longer way (consumeOnce) for it.
 * Locking: as consumeOnce (a concurrent delivery waits on the primary key, then skips).
 */
export async function consumeOnceInOneStatement(
  db: Db,
  clock: Clock,
  consumer: string,
  eventId: string,
  effects: (consumed: SQL) => [SQL, ...SQL[]],
  options: { unless?: SQL } = {},
): Promise<{ consumed: boolean; affected: number; declined: boolean }> {
  const unless = options.unless ?? sql`false`;
  const statements = effects(sql.raw("consumed"));
  const ctes = sql.join(
    statements.map((statement, i) => sql`${sql.raw(`effect_${i}`)} as (${statement})`),
    sql`, `,
  );
  const [row] = await queryRows<{ consumed: boolean; affected: number; declined: boolean }>(
    db,
    sql`with declined as (select (${unless}) as declined),
        consumed as (
          insert into outbox_consumptions (consumer, event_id, consumed_at)
          select ${consumer}::text, ${eventId}::text, ${clock.now().toISOString()}::timestamptz
          where not (select declined from declined)
          on conflict do nothing
          returning event_id),
        ${ctes}
        select exists (select 1 from consumed) as consumed,
               (select count(*)::int from effect_0) as affected,
               (select declined from declined) as declined`,
  );
  return {
    consumed: row?.consumed === true,
    affected: Number(row?.affected ?? 0),
    declined: row?.declined === true,
  };
}
