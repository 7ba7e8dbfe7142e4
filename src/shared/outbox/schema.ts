import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { timestamptz } from "../db/columns.ts";

/** Domain events written in the same transaction as the change they describe (G13). */
export const outbox = pgTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    aggregateId: text("aggregate_id").notNull(),
    payload: jsonb("payload").notNull(),
    occurredAt: timestamptz("occurred_at").notNull(),
    dispatchedAt: timestamptz("dispatched_at"),
  },
  (t) => [index("outbox_undispatched_idx").on(t.occurredAt).where(sql`dispatched_at is null`)],
);
