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
