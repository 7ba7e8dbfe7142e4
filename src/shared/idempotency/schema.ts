import { integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { timestamptz } from "../db/columns.ts";

/** One row per (caller scope, Idempotency-Key): the request fingerprint and, once done, the response. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    state: text("state", { enum: ["running", "done"] }).notNull(),
    statusCode: integer("status_code"),
    responseBody: jsonb("response_body"),
    createdAt: timestamptz("created_at").notNull(),
    lockedUntil: timestamptz("locked_until").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);
