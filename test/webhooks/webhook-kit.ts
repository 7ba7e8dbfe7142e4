import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { pino } from "pino";
import { expect } from "vitest";
import { FixedClock } from "../../src/shared/clock.ts";
import { queryRows } from "../../src/shared/db/database.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import type { DatabaseKind } from "../support/database.ts";
import { WebhookReceiver } from "./receiver.ts";

export interface WebhookTestBed {
  app: TestApp;
  clock: FixedClock;
  receiver: WebhookReceiver;
  /** Base URL of the receiver, e.g. http://127.0.0.1:40123. */
  base: string;
  /** Every log line the app wrote, at debug level and up. */
  logs: string[];
  close(): Promise<void>;
}

/** An app on a fresh database of `kind` with a fixed clock, a captured log and a live receiver. */
export async function startWebhookTestBed(
  kind: DatabaseKind,
  env: Record<string, string> = {},
): Promise<WebhookTestBed> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const clock = new FixedClock("2030-03-01T09:00:00Z");
  const app = await startTestApp(kind, { clock, log: pino({ level: "debug" }, sink) }, env);
  const receiver = new WebhookReceiver();
  const base = await receiver.start();
  return {
    app,
    clock,
    receiver,
    base,
    logs,
    async close() {
      await app.close();
      await receiver.stop();
    },
  };
}

export const admin = (app: TestApp) => ({ authorization: `Bearer ${app.apiKey}` });

/** Registers an endpoint through the Admin API; returns its id and signing secret. */
export async function registerEndpoint(
  bed: WebhookTestBed,
  path: string,
  body: Record<string, unknown> = {},
): Promise<{ id: string; secret: string }> {
  const res = await bed.app.call("POST", "/admin/webhook-endpoints", {
    headers: admin(bed.app),
    body: { url: `${bed.base}${path}`, ...body },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.endpoint.id, secret: res.body.secret };
}

/** Dispatches the outbox until it is empty: every event reaches the webhooks subscriber. */
export async function dispatchAll(app: TestApp): Promise<void> {
  while ((await app.events.dispatchOnce()) > 0);
}

/** Makes the outbox deliver every event again, as after a dispatcher crash before marking them. */
export async function undispatchAll(app: TestApp): Promise<void> {
  await app.ctx.db.execute(sql`update outbox set dispatched_at = null, next_attempt_at = null`);
}

/** Adjusts stock through the Admin API: a real `inventory.adjusted` event in the outbox. */
export async function adjustStock(app: TestApp, delta = 5): Promise<void> {
  const res = await app.call("POST", "/admin/inventory/TEE-M/adjustments", {
    headers: admin(app),
    body: { delta, reason: "received" },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

export async function listDeliveries(app: TestApp, endpointId: string, query = "") {
  const res = await app.call("GET", `/admin/webhook-endpoints/${endpointId}/deliveries${query}`, {
    headers: admin(app),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.deliveries as {
    id: string;
    eventId: string;
    eventType: string;
    status: string;
    attempts: number;
    lastResponseStatus: number | null;
    lastDurationMs: number | null;
    lastError: string | null;
    nextAttemptAt: string | null;
  }[];
}

export async function countRows(
  app: TestApp,
  table: "webhook_deliveries" | "webhook_endpoints",
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    app.ctx.db,
    sql`select count(*)::int as n from ${sql.raw(table)}`,
  );
  return row?.n ?? 0;
}
