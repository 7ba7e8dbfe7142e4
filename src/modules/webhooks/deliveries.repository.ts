import { and, desc, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { type DeliveryStatus, webhookDeliveries } from "./schema.ts";

export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** A claimed delivery with what the sender needs of its endpoint. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  body: string;
  attempts: number;
  claimId: string;
  url: string;
  secretCiphertext: string;
  previousSecretCiphertext: string | null;
  previousSecretExpiresAt: Date | null;
}

const wantsType = (type: string | SQL) =>
  sql`enabled and (event_types is null or ${type} = any(event_types))`;

/** Whether any enabled endpoint wants events of this type (most events, most shops: none). */
export async function isTypeWanted(db: Db, type: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from webhook_endpoints where ${wantsType(type)} limit 1`,
  );
  return rows.length > 0;
}

/** Of these event types, those that some enabled endpoint wants: one query for a batch of events. */
export async function listWantedTypes(db: Db, types: readonly string[]): Promise<Set<string>> {
  if (types.length === 0) return new Set();
  const rows = await queryRows<{ type: string }>(
    db,
    sql`select t as type from jsonb_array_elements_text(${JSON.stringify(types)}::jsonb) as t
        where exists (select 1 from webhook_endpoints where ${wantsType(sql`t`)})`,
  );
  return new Set(rows.map((r) => r.type));
}

/**
 * Queues one delivery of an event to every enabled endpoint that wants its type. Idempotent: the
 * (event, endpoint) unique constraint drops a second queuing, also under races. Returns how many
 * were queued.
 */
export async function queueEventDeliveries(
  tx: Db,
  event: { id: string; type: string; body: string },
  at: Date,
): Promise<number> {
  const targets = await queryRows<{ id: string }>(
    tx,
    sql`select id from webhook_endpoints where ${wantsType(event.type)}`,
  );
  if (targets.length === 0) return 0;
  const queued = await tx
    .insert(webhookDeliveries)
    .values(
      targets.map((e) => ({
        id: newId("whd"),
        endpointId: e.id,
        eventId: event.id,
        eventType: event.type,
        body: event.body,
        status: "pending" as const,
        createdAt: at,
      })),
    )
    .onConflictDoNothing({ target: [webhookDeliveries.eventId, webhookDeliveries.endpointId] })
    .returning({ id: webhookDeliveries.id });
  return queued.length;
}

/** Queues one message for one endpoint (a test event). */
export async function queueDelivery(
  db: Db,
  delivery: { endpointId: string; eventId: string; eventType: string; body: string },
  at: Date,
): Promise<DeliveryRow> {
  const [row] = await db
    .insert(webhookDeliveries)
    .values({ ...delivery, id: newId("whd"), status: "pending", createdAt: at })
    .returning();
  return row!;
}

/**
 * Claims up to `limit` due deliveries of enabled endpoints, `for update skip locked` so parallel
 * workers take different rows, with a lease (`next_attempt_at`) and a fresh claim id. The claim
 * commits before anything is sent: no lock is held across the HTTP call. The lease must outlast
 * the request time-out, so no second worker takes the same attempt while it is in flight.
 */
export async function claimDueDeliveries(
  db: Db,
  now: Date,
  leaseUntil: Date,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const claimId = newId("whc");
  const claimed = await queryRows<{ id: string }>(
    db,
    sql`update webhook_deliveries set next_attempt_at = ${leaseUntil.toISOString()}::timestamptz,
               claim_id = ${claimId}
        where id in (
          select d.id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
          where d.status = 'pending' and e.enabled
            and (d.next_attempt_at is null or d.next_attempt_at <= ${now.toISOString()}::timestamptz)
          order by d.created_at
          limit ${limit}
          for update of d skip locked)
        returning id`,
  );
  if (claimed.length === 0) return [];
  const rows = await queryRows<
    Omit<ClaimedDelivery, "previousSecretExpiresAt"> & {
      previousSecretExpiresAt: string | Date | null;
      createdAt: string | Date;
    }
  >(
    db,
    sql`select d.id, d.endpoint_id as "endpointId", d.event_id as "eventId", d.body, d.attempts,
               d.claim_id as "claimId", d.created_at as "createdAt", e.url,
               e.secret_ciphertext as "secretCiphertext",
               e.previous_secret_ciphertext as "previousSecretCiphertext",
               e.previous_secret_expires_at as "previousSecretExpiresAt"
        from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
        where d.claim_id = ${claimId}
        order by d.created_at`,
  );
  return rows.map(({ createdAt: _, ...r }) => ({
    ...r,
    previousSecretExpiresAt: r.previousSecretExpiresAt ? new Date(r.previousSecretExpiresAt) : null,
  }));
}

export interface AttemptRecord {
  at: Date;
  responseStatus: number | null;
  durationMs: number;
  error: string | null;
}

/**
 * Records the outcome of a claimed attempt: `succeeded`, back to `pending` until `retryAt`, or
 * `failed` (dead) when `retryAt` is null. Conditional on the claim: a worker whose lease ran out
 * and whose delivery another worker took over records nothing. Returns whether it recorded.
 */
export async function recordAttempt(
  tx: Db,
  claim: { id: string; claimId: string; attempts: number },
  outcome: AttemptRecord & { status: DeliveryStatus; retryAt: Date | null },
): Promise<boolean> {
  const updated = await tx
    .update(webhookDeliveries)
    .set({
      status: outcome.status,
      attempts: claim.attempts + 1,
      nextAttemptAt: outcome.retryAt,
      claimId: null,
      lastAttemptAt: outcome.at,
      lastResponseStatus: outcome.responseStatus,
      lastDurationMs: outcome.durationMs,
      lastError: outcome.error?.slice(0, 1000) ?? null,
      ...(outcome.status === "succeeded" ? { deliveredAt: outcome.at } : {}),
    })
    .where(
      and(
        eq(webhookDeliveries.id, claim.id),
        eq(webhookDeliveries.claimId, claim.claimId),
        eq(webhookDeliveries.status, "pending"),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return updated.length > 0;
}

export async function getDelivery(db: Db, endpointId: string, id: string): Promise<DeliveryRow | undefined> {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.endpointId, endpointId)));
  return row;
}

/** Newest first, keyset-paginated by creation time. */
export async function listDeliveries(
  db: Db,
  endpointId: string,
  filter: { limit: number; status?: DeliveryStatus | undefined; before?: Date | undefined },
): Promise<DeliveryRow[]> {
  const where: SQL[] = [eq(webhookDeliveries.endpointId, endpointId)];
  if (filter.status) where.push(eq(webhookDeliveries.status, filter.status));
  if (filter.before) where.push(lt(webhookDeliveries.createdAt, filter.before));
  return db
    .select()
    .from(webhookDeliveries)
    .where(and(...where))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(filter.limit);
}

const requeued = {
  status: "pending",
  attempts: 0,
  nextAttemptAt: null,
  claimId: null,
  lastError: null,
} as const;

/**
 * Sends a delivery again (whatever its status) with a fresh count of attempts; same body, same
 * webhook-id. A delivery in flight keeps its current claim's outcome from being recorded.
 */
export async function requeueDelivery(
  db: Db,
  endpointId: string,
  id: string,
): Promise<DeliveryRow | undefined> {
  const [row] = await db
    .update(webhookDeliveries)
    .set(requeued)
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.endpointId, endpointId)))
    .returning();
  return row;
}

/** Requeues every dead delivery of the endpoint created at or after `since`. Returns how many. */
export async function requeueFailedSince(db: Db, endpointId: string, since: Date): Promise<number> {
  const rows = await db
    .update(webhookDeliveries)
    .set(requeued)
    .where(
      and(
        eq(webhookDeliveries.endpointId, endpointId),
        eq(webhookDeliveries.status, "failed"),
        gte(webhookDeliveries.createdAt, since),
      ),
    )
    .returning({ id: webhookDeliveries.id });
  return rows.length;
}
