import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { newId } from "../ids.ts";
import { outbox } from "./schema.ts";

export interface DomainEvent<T = Record<string, unknown>> {
  type: string;
  aggregateId: string;
  payload: T;
}

/**
 * Records events in the outbox. Call it with the transaction that makes the change, so the
 * event exists if and only if the change committed (G13). Delivery happens elsewhere.
 */
export async function recordEvents(tx: Db, at: Date, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(outbox).values(
    events.map((e) => ({
      id: newId("evt"),
      type: e.type,
      aggregateId: e.aggregateId,
      payload: e.payload,
      occurredAt: at,
    })),
  );
}

/**
 * The row recordEvents writes for one event, as an insert to embed in a larger statement (a
 * data-modifying CTE) when a change and its event must be one round trip. With `from`, the event
 * is written once per row of that CTE (none when the change wrote nothing), and `aggregateId` or
 * `payload` may use its columns. A statement built once (prepared-query.ts) passes `id` and `at`
 * as placeholders.
 */
export function eventInsert(
  event: { type: string; aggregateId: string | SQL; payload: SQL; id?: SQL },
  at: Date | SQL,
  from?: SQL,
): SQL {
  const id = event.id ?? newId("evt");
  const occurredAt = at instanceof Date ? at.toISOString() : at;
  return sql`insert into ${outbox} (id, type, aggregate_id, payload, occurred_at)
    select ${id}, ${event.type}, ${event.aggregateId}, ${event.payload},
      ${occurredAt}::timestamptz${from ? sql` from ${from}` : sql``}`;
}
