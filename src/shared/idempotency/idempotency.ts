import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { placeholderFor, preparedQuery } from "../db/prepared-query.ts";
import { idempotencyKeys } from "./schema.ts";

/** How long a stored response is replayed (G6); afterwards the key may be reused. */
export const idempotencyRetentionMs = 24 * 60 * 60 * 1000;
/** A running request that has not finished within this time is presumed dead and may be retried. */
const leaseMs = 60_000;

export type Claim =
  | { kind: "claimed" }
  | { kind: "replay"; statusCode: number; body: unknown }
  | { kind: "in_progress" }
  | { kind: "mismatch" };

export function fingerprint(parts: unknown): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/**
 * Claims an Idempotency-Key for one request. The primary key makes the claim atomic across
 * processes: exactly one concurrent caller gets `claimed`, the others see it running or done.
 */
export async function claimIdempotencyKey(
  db: Db,
  input: { scope: string; key: string; requestHash: string; now: Date },
): Promise<Claim> {
  const { scope, key, requestHash, now } = input;
  const lockedUntil = new Date(now.getTime() + leaseMs);
  const inserted = await claimNew(db).execute({ scope, key, requestHash, now, lockedUntil });
  if (inserted.length > 0) return { kind: "claimed" };

  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  if (!row) return claimIdempotencyKey(db, input); // released between our insert and read
  const expired = now.getTime() - row.createdAt.getTime() > idempotencyRetentionMs;
  if (!expired && row.requestHash !== requestHash) return { kind: "mismatch" };
  if (!expired && row.state === "done") {
    return { kind: "replay", statusCode: row.statusCode ?? 200, body: row.responseBody };
  }
  if (!expired && row.lockedUntil > now) return { kind: "in_progress" };
  // Expired, or its runner died: take it over, but only one taker wins the conditional update.
  const taken = await db
    .update(idempotencyKeys)
    .set({ requestHash, state: "running", createdAt: now, lockedUntil, statusCode: null, responseBody: null })
    .where(
      and(
        eq(idempotencyKeys.scope, scope),
        eq(idempotencyKeys.key, key),
        eq(idempotencyKeys.createdAt, row.createdAt),
      ),
    )
    .returning({ key: idempotencyKeys.key });
  return taken.length > 0 ? { kind: "claimed" } : { kind: "in_progress" };
}

/** Stores the final response of a claimed key so later requests replay it. */
export async function completeIdempotencyKey(
  db: Db,
  input: { scope: string; key: string; statusCode: number; body: unknown },
): Promise<void> {
  await completeKey(db).execute({
    scope: input.scope,
    key: input.key,
    statusCode: input.statusCode,
    body: input.body,
  });
}

const completeKey = preparedQuery((db) =>
  db
    .update(idempotencyKeys)
    .set({
      state: "done",
      statusCode: placeholderFor(idempotencyKeys.statusCode, "statusCode"),
      responseBody: placeholderFor(idempotencyKeys.responseBody, "body"),
    })
    .where(
      and(
        eq(idempotencyKeys.scope, sql.placeholder("scope")),
        eq(idempotencyKeys.key, sql.placeholder("key")),
      ),
    )
    .prepare("idempotency_complete"),
);

/** Every idempotent request claims its key this way first: built once per handle. */
const claimNew = preparedQuery((db) =>
  db
    .insert(idempotencyKeys)
    .values({
      scope: sql.placeholder("scope"),
      key: sql.placeholder("key"),
      requestHash: sql.placeholder("requestHash"),
      state: "running",
      createdAt: sql.placeholder("now"),
      lockedUntil: sql.placeholder("lockedUntil"),
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key })
    .prepare("idempotency_claim_new"),
);

/** Forgets a claimed key whose request failed unexpectedly, so the client can retry it. */
export async function releaseIdempotencyKey(db: Db, input: { scope: string; key: string }): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.scope, input.scope),
        eq(idempotencyKeys.key, input.key),
        eq(idempotencyKeys.state, "running"),
      ),
    );
}

/** Deletes keys past their retention; run by the periodic sweeper. */
export async function purgeIdempotencyKeys(db: Db, now: Date): Promise<void> {
  const cutoff = new Date(now.getTime() - idempotencyRetentionMs);
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, cutoff));
}
