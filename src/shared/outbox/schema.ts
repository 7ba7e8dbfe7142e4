import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { timestamptz } from "../db/columns.ts";

/** Domain events written in the same transaction as the change they describe (G13). */
export const outbox = pgTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    // Insertion order. Ids are time-ordered only to the millisecond, so events written in the same
    // millisecond (one transaction often writes several) need a sequence to keep their order.
    seq: bigserial("seq", { mode: "number" }).notNull(),
    type: text("type").notNull(),
    aggregateId: text("aggregate_id").notNull(),
    payload: jsonb("payload").notNull(),
    occurredAt: timestamptz("occurred_at").notNull(),
    dispatchedAt: timestamptz("dispatched_at"),
    /** Failed deliveries so far; drives the backoff. */
    attempts: integer("attempts").notNull().default(0),
    /**
     * Not before this time: a claim lease while a dispatcher delivers it (a crashed dispatcher's
     * claim expires), or the backoff after a failure. Null means ready now.
     */
    nextAttemptAt: timestamptz("next_attempt_at"),
    lastError: text("last_error"),
  },
  (t) => [index("outbox_undispatched_idx").on(t.seq).where(sql`dispatched_at is null`)],
);

/**
 * Which consumer has already applied which event. Written in the same transaction as the
 * consumer's effect, so a redelivered event is recognised and skipped (G13: effects happen once).
 */
export const outboxConsumptions = pgTable(
  "outbox_consumptions",
  {
    consumer: text("consumer").notNull(),
    eventId: text("event_id").notNull(),
    consumedAt: timestamptz("consumed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.consumer, t.eventId] })],
);
