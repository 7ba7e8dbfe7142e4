import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/shared/db/database.ts";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  idempotencyRetentionMs,
  releaseIdempotencyKey,
} from "../../src/shared/idempotency/idempotency.ts";
import { databaseKinds, openTestDatabase } from "../support/database.ts";

// The life of one Idempotency-Key, stored: claimed once, seen running, replayed when done,
// taken over when its runner died (the lease ran out) or its retention passed.
const t0 = new Date("2026-06-01T12:00:00.123Z");
const later = (ms: number) => new Date(t0.getTime() + ms);

describe.each(databaseKinds())("idempotency keys on %s", (kind) => {
  let database: Database;
  let n = 0;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => database?.close());

  const keyOf = () => ({ scope: "cart:cart_k", key: `key-${++n}` });
  const claim = (key: { scope: string; key: string }, requestHash: string, now: Date) =>
    claimIdempotencyKey(database.db, { ...key, requestHash, now });

  it("claims once, refuses another body, replays the stored response", async () => {
    const key = keyOf();
    expect(await claim(key, "h1", t0)).toEqual({ kind: "claimed" });
    expect(await claim(key, "h1", later(1))).toEqual({ kind: "in_progress" });
    expect(await claim(key, "h2", later(2))).toEqual({ kind: "mismatch" });
    await completeIdempotencyKey(database.db, {
      ...key,
      statusCode: 201,
      body: { order: "ord_1", n: [1, 2] },
    });
    expect(await claim(key, "h1", later(3))).toEqual({
      kind: "replay",
      statusCode: 201,
      body: { order: "ord_1", n: [1, 2] },
    });
  });

  it("lets one caller take over a key whose runner died, and only one", async () => {
    const key = keyOf();
    expect(await claim(key, "h1", t0)).toEqual({ kind: "claimed" });
    const afterLease = later(61_000);
    const takers = await Promise.all([claim(key, "h1", afterLease), claim(key, "h1", afterLease)]);
    expect(takers.map((t) => t.kind).sort()).toEqual(["claimed", "in_progress"]);
  });

  it("reuses a key past its retention, even for another body; a released key is free again", async () => {
    const key = keyOf();
    expect(await claim(key, "h1", t0)).toEqual({ kind: "claimed" });
    await completeIdempotencyKey(database.db, { ...key, statusCode: 200, body: {} });
    expect(await claim(key, "h2", later(idempotencyRetentionMs + 1))).toEqual({ kind: "claimed" });
    await releaseIdempotencyKey(database.db, key);
    expect(await claim(key, "h3", later(idempotencyRetentionMs + 2))).toEqual({ kind: "claimed" });
  });
});
