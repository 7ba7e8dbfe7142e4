import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, unique } from "drizzle-orm/pg-core";
import { timestamptz } from "../../shared/db/columns.ts";

/**
 * Where the merchant wants events sent. The signing secret must be readable to sign (HMAC is
 * symmetric), so it is kept encrypted (see signing-secret.ts), never hashed, and never returned
 * after the response that created or rotated it.
 */
export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  description: text("description").notNull().default(""),
  /** Event types it wants; null means every type. */
  eventTypes: text("event_types").array(),
  enabled: boolean("enabled").notNull().default(true),
  /** Why it is disabled: `manual` (the merchant) or `failing` (switched off after failing for long). */
  disabledReason: text("disabled_reason", { enum: ["manual", "failing"] }),
  secretCiphertext: text("secret_ciphertext").notNull(),
  /** The secret's first characters, so a merchant can tell which one a receiver holds. */
  secretHint: text("secret_hint").notNull(),
  /** After a rotation the old secret also signs for a while, so receivers can switch without a gap. */
  previousSecretCiphertext: text("previous_secret_ciphertext"),
  previousSecretExpiresAt: timestamptz("previous_secret_expires_at"),
  /** The first failed attempt since the last success; null while healthy. Drives the auto-disable. */
  failingSince: timestamptz("failing_since"),
  createdAt: timestamptz("created_at").notNull(),
  updatedAt: timestamptz("updated_at").notNull(),
});

export const deliveryStatuses = ["pending", "succeeded", "failed"] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * One message to one endpoint: an event fanned out, or a test. Unique per (event, endpoint), so an
 * event the outbox delivers twice is queued once. The body is stored as sent, so every attempt
 * and every replay sends the same bytes under the same webhook-id (the event id).
 */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    endpointId: text("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    body: text("body").notNull(),
    /** `failed`: gave up (dead letter) after the last attempt or a permanent refusal; replay it. */
    status: text("status", { enum: deliveryStatuses }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** Not before this time: a worker's claim lease, or the backoff after a failure. Null: now. */
    nextAttemptAt: timestamptz("next_attempt_at"),
    /** The claim that may record the attempt in flight; a worker whose lease ran out records nothing. */
    claimId: text("claim_id"),
    lastAttemptAt: timestamptz("last_attempt_at"),
    lastResponseStatus: integer("last_response_status"),
    lastDurationMs: integer("last_duration_ms"),
    lastError: text("last_error"),
    createdAt: timestamptz("created_at").notNull(),
    deliveredAt: timestamptz("delivered_at"),
  },
  (t) => [
    unique("webhook_deliveries_event_endpoint_unique").on(t.eventId, t.endpointId),
    index("webhook_deliveries_pending_idx").on(t.createdAt).where(sql`status = 'pending'`),
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.createdAt),
  ],
);
