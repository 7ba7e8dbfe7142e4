import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/app.ts";
import { loadConfig } from "../../src/app/config.ts";
import { createSecretBox, type PostOutcome, WebhookSender } from "../../src/modules/webhooks/index.ts";
import { openDatabase, queryRows } from "../../src/shared/db/database.ts";
import { readyCart } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { cardNumbersIn } from "../support/luhn.ts";
import { hasValidSignature } from "./receiver.ts";
import {
  adjustStock,
  admin,
  countRows,
  dispatchAll,
  listDeliveries,
  registerEndpoint,
  startWebhookTestBed,
  undispatchAll,
  type WebhookTestBed,
} from "./webhook-kit.ts";

const second = 1000;
const hour = 3_600_000;

describe.each(databaseKinds())(
  "outgoing webhooks on %s",
  (kind) => {
    let bed: WebhookTestBed | undefined;
    afterEach(async () => {
      await bed?.close();
      bed = undefined;
    });
    const start = async (env: Record<string, string> = {}) => {
      bed = await startWebhookTestBed(kind, env);
      return bed;
    };

    it("sends each event once to every endpoint that wants it, even when the outbox delivers it again", async () => {
      const b = await start();
      const all = await registerEndpoint(b, "/all");
      const stock = await registerEndpoint(b, "/stock", { eventTypes: ["inventory.adjusted"] });
      await registerEndpoint(b, "/orders", { eventTypes: ["order.placed"] });
      await adjustStock(b.app, 5);
      await adjustStock(b.app, 7);
      await dispatchAll(b.app);
      // The dispatcher crashed before marking the events: every event is delivered again.
      await undispatchAll(b.app);
      await dispatchAll(b.app);
      // Even with the consumption record lost, the (event, endpoint) constraint holds.
      await b.app.ctx.db.execute(sql`delete from outbox_consumptions where consumer = 'webhooks'`);
      await undispatchAll(b.app);
      await dispatchAll(b.app);
      expect(await countRows(b.app, "webhook_deliveries")).toBe(4);

      const report = await b.app.webhooks.runOnce();
      expect(report).toEqual({ claimed: 4, delivered: 4, failed: 0 });
      expect(await b.app.webhooks.runOnce()).toEqual({ claimed: 0, delivered: 0, failed: 0 });
      expect(b.receiver.at("/orders")).toHaveLength(0);
      for (const [path, endpoint, other] of [
        ["/all", all, stock],
        ["/stock", stock, all],
      ] as const) {
        const got = b.receiver.at(path);
        expect(got.map((w) => w.json.type)).toEqual(["inventory.adjusted", "inventory.adjusted"]);
        expect(got.map((w) => w.json.data.delta).sort()).toEqual([5, 7]);
        expect(new Set(got.map((w) => w.headers["webhook-id"])).size).toBe(2);
        for (const w of got) {
          expect(hasValidSignature(w, endpoint.secret)).toBe(true);
          expect(hasValidSignature(w, other.secret)).toBe(false);
          expect(w.headers["webhook-id"]).toBe(w.json.id);
          expect(w.headers["webhook-timestamp"]).toBe(String(b.clock.now().getTime() / 1000));
          expect(w.headers["content-type"]).toBe("application/json");
          expect(Object.keys(w.json)).toEqual(["id", "type", "timestamp", "data"]);
        }
      }
      const listed = await listDeliveries(b.app, all.id);
      expect(listed.map((d) => [d.status, d.attempts, d.lastResponseStatus])).toEqual([
        ["succeeded", 1, 200],
        ["succeeded", 1, 200],
      ]);
      expect(listed.every((d) => typeof d.lastDurationMs === "number")).toBe(true);
    });

    it("sends order.placed without the shopper's order access token or any card number", async () => {
      const b = await start();
      const endpoint = await registerEndpoint(b, "/orders", { eventTypes: ["order.placed"] });
      const cart = await readyCart(b.app);
      const placed = await b.app.call("POST", `/store/carts/${cart.cartId}/complete`, {
        headers: { ...cart.headers, "idempotency-key": "wh-1" },
        body: { payment: { provider: "test", token: "tok_visa" } },
      });
      expect(placed.status, JSON.stringify(placed.body)).toBe(200);
      await dispatchAll(b.app);
      // The outbox event itself carries the token (for the confirmation email): the webhook must not.
      const [event] = await queryRows<{ payload: { accessToken?: string } }>(
        b.app.ctx.db,
        sql`select payload from outbox where type = 'order.placed'`,
      );
      expect(event?.payload.accessToken).toBeTruthy();
      await b.app.webhooks.runOnce();
      const [webhook] = b.receiver.at("/orders");
      expect(webhook && hasValidSignature(webhook, endpoint.secret)).toBe(true);
      expect(webhook!.json.data.orderId).toBe(placed.body.id);
      expect(webhook!.json.data.number).toBeTruthy();
      expect(webhook!.body).not.toContain("accessToken");
      expect(webhook!.body).not.toContain(event!.payload.accessToken!);
      expect(placed.body.accessToken).toBe(event!.payload.accessToken);
      expect(cardNumbersIn(webhook!.body)).toEqual([]);
    });

    it("asks again for each batch whether an endpoint wants its events: one registered or disabled in between counts", async () => {
      const b = await start();
      await adjustStock(b.app, 1);
      await dispatchAll(b.app);
      const endpoint = await registerEndpoint(b, "/late", { eventTypes: ["inventory.adjusted"] });
      // Written while the endpoint exists, and dispatched in a batch of its own: queued.
      await adjustStock(b.app, 2);
      await dispatchAll(b.app);
      expect(await b.app.webhooks.runOnce()).toEqual({ claimed: 1, delivered: 1, failed: 0 });
      expect(b.receiver.at("/late")).toHaveLength(1);
      // Disabled behind this process's back (as another instance would): the next batch asks again.
      await b.app.ctx.db.execute(sql`update webhook_endpoints set enabled = false where id = ${endpoint.id}`);
      await adjustStock(b.app, 3);
      await dispatchAll(b.app);
      expect(await countRows(b.app, "webhook_deliveries")).toBe(1);
    });

    it("retries a 500 after the backoff and delivers it with the same webhook-id", async () => {
      const b = await start();
      const endpoint = await registerEndpoint(b, "/flaky");
      b.receiver.answer = (_path, hit) => ({ status: hit === 1 ? 500 : 200 });
      await adjustStock(b.app);
      await dispatchAll(b.app);

      expect(await b.app.webhooks.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
      const [failed] = await listDeliveries(b.app, endpoint.id);
      expect(failed).toMatchObject({
        status: "pending",
        attempts: 1,
        lastResponseStatus: 500,
        lastError: "HTTP 500",
      });
      const endpointNow = await b.app.call("GET", `/admin/webhook-endpoints/${endpoint.id}`, {
        headers: admin(b.app),
      });
      expect(endpointNow.body.failingSince).toBe(b.clock.now().toISOString());

      // Not due yet: nothing is sent before the backoff (at most 30 s for the first retry).
      expect((await b.app.webhooks.runOnce()).claimed).toBe(0);
      b.clock.advance(30 * second);
      expect(await b.app.webhooks.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });

      const got = b.receiver.at("/flaky");
      expect(got).toHaveLength(2);
      expect(got[1]!.headers["webhook-id"]).toBe(got[0]!.headers["webhook-id"]);
      expect(got[1]!.body).toBe(got[0]!.body);
      expect(got[1]!.headers["webhook-timestamp"]).not.toBe(got[0]!.headers["webhook-timestamp"]);
      expect(got.every((w) => hasValidSignature(w, endpoint.secret))).toBe(true);
      const [delivered] = await listDeliveries(b.app, endpoint.id);
      expect(delivered).toMatchObject({
        status: "succeeded",
        attempts: 2,
        lastResponseStatus: 200,
        lastError: null,
      });
      const healthy = await b.app.call("GET", `/admin/webhook-endpoints/${endpoint.id}`, {
        headers: admin(b.app),
      });
      expect(healthy.body.failingSince).toBeNull();
    });

    it("waits as long as a 429's Retry-After asks before trying again", async () => {
      const b = await start();
      await registerEndpoint(b, "/busy");
      b.receiver.answer = (_path, hit) =>
        hit === 1 ? { status: 429, headers: { "retry-after": "3600" } } : { status: 200 };
      await adjustStock(b.app);
      await dispatchAll(b.app);
      await b.app.webhooks.runOnce();
      b.clock.advance(hour - second);
      expect((await b.app.webhooks.runOnce()).claimed).toBe(0);
      b.clock.advance(second);
      expect(await b.app.webhooks.runOnce()).toMatchObject({ delivered: 1 });
      expect(b.receiver.at("/busy")).toHaveLength(2);
    });

    it("gives up after the configured attempts when the endpoint keeps failing, and lists it as failed", async () => {
      const b = await start({ WEBHOOK_MAX_ATTEMPTS: "4" });
      const endpoint = await registerEndpoint(b, "/down");
      b.receiver.answer = () => ({ status: 503 });
      await adjustStock(b.app);
      await dispatchAll(b.app);
      for (let i = 0; i < 8; i++) {
        await b.app.webhooks.runOnce();
        b.clock.advance(4 * hour); // the longest backoff
      }
      expect(b.receiver.at("/down")).toHaveLength(4);
      const dead = await listDeliveries(b.app, endpoint.id, "?status=failed");
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({ attempts: 4, lastResponseStatus: 503, nextAttemptAt: null });
      expect(await listDeliveries(b.app, endpoint.id, "?status=pending")).toHaveLength(0);
    });

    it("marks a delivery failed at once when the endpoint answers 410 Gone", async () => {
      const b = await start();
      const endpoint = await registerEndpoint(b, "/gone");
      b.receiver.answer = () => ({ status: 410 });
      await adjustStock(b.app);
      await dispatchAll(b.app);
      await b.app.webhooks.runOnce();
      b.clock.advance(4 * hour);
      await b.app.webhooks.runOnce();
      expect(b.receiver.at("/gone")).toHaveLength(1);
      const [dead] = await listDeliveries(b.app, endpoint.id);
      expect(dead).toMatchObject({ status: "failed", attempts: 1, lastResponseStatus: 410 });
    });

    it("counts an endpoint slower than the time-out as a failed attempt, to retry", async () => {
      const b = await start({ WEBHOOK_TIMEOUT_MS: "200" });
      const endpoint = await registerEndpoint(b, "/slow");
      b.receiver.answer = () => ({ status: 200, delayMs: 10_000 });
      await adjustStock(b.app);
      await dispatchAll(b.app);
      const started = performance.now();
      await b.app.webhooks.runOnce();
      // Well before the receiver would have answered: the sender did not wait for it.
      expect(performance.now() - started).toBeLessThan(8000);
      const [slow] = await listDeliveries(b.app, endpoint.id);
      expect(slow).toMatchObject({ status: "pending", attempts: 1, lastResponseStatus: null });
      expect(slow!.lastError).toMatch(/timed out/);
    });

    it("replays a delivery, and every failed one since a time, with the same webhook-id and body", async () => {
      const b = await start();
      const endpoint = await registerEndpoint(b, "/fixed-later");
      let broken = true;
      b.receiver.answer = () => ({ status: broken ? 410 : 200 });
      await adjustStock(b.app, 1);
      await adjustStock(b.app, 2);
      await adjustStock(b.app, 3);
      await dispatchAll(b.app);
      await b.app.webhooks.runOnce();
      const dead = await listDeliveries(b.app, endpoint.id, "?status=failed");
      expect(dead).toHaveLength(3);
      broken = false;

      const one = dead[0]!;
      const replay = await b.app.call(
        "POST",
        `/admin/webhook-endpoints/${endpoint.id}/deliveries/${one.id}/replay`,
        { headers: admin(b.app) },
      );
      expect(replay.status, JSON.stringify(replay.body)).toBe(202);
      expect(replay.body).toMatchObject({ status: "pending", attempts: 0 });
      expect(await b.app.webhooks.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
      const sent = b.receiver.at("/fixed-later").filter((w) => w.headers["webhook-id"] === one.eventId);
      expect(sent).toHaveLength(2);
      expect(sent[1]!.body).toBe(sent[0]!.body);
      expect(hasValidSignature(sent[1]!, endpoint.secret)).toBe(true);

      const future = await b.app.call("POST", `/admin/webhook-endpoints/${endpoint.id}/replay-failed`, {
        headers: admin(b.app),
        body: { since: new Date(b.clock.now().getTime() + hour).toISOString() },
      });
      expect(future.body).toEqual({ requeued: 0 });
      const rest = await b.app.call("POST", `/admin/webhook-endpoints/${endpoint.id}/replay-failed`, {
        headers: admin(b.app),
        body: { since: new Date(b.clock.now().getTime() - hour).toISOString() },
      });
      expect(rest.status).toBe(202);
      expect(rest.body).toEqual({ requeued: 2 });
      expect(await b.app.webhooks.runOnce()).toMatchObject({ claimed: 2, delivered: 2 });
      expect(await listDeliveries(b.app, endpoint.id, "?status=failed")).toHaveLength(0);
      expect(b.receiver.at("/fixed-later")).toHaveLength(6);

      const missing = await b.app.call(
        "POST",
        `/admin/webhook-endpoints/${endpoint.id}/deliveries/whd_nope/replay`,
        { headers: admin(b.app) },
      );
      expect(missing.status).toBe(404);
    });

    it("sends each attempt once when several workers race for the same deliveries", async () => {
      const b = await start();
      const endpoint = await registerEndpoint(b, "/race");
      b.receiver.answer = () => ({ status: 200, delayMs: 20 });
      for (let i = 1; i <= 12; i++) await adjustStock(b.app, i);
      await dispatchAll(b.app);
      const worker = () =>
        new WebhookSender({
          db: b.app.ctx.db,
          clock: b.clock,
          log: b.app.ctx.log,
          secrets: createSecretBox(undefined),
          timeoutMs: 5000,
          maxAttempts: 5,
          disableAfterMs: 72 * hour,
          batchSize: 3,
        });
      const workers = [worker(), worker(), worker(), b.app.webhooks];
      let delivered = 0;
      for (let round = 0; round < 10 && delivered < 12; round++) {
        const reports = await Promise.all(workers.map((w) => w.runOnce()));
        delivered += reports.reduce((n, r) => n + r.delivered, 0);
      }
      expect(delivered).toBe(12);
      const ids = b.receiver.at("/race").map((w) => w.headers["webhook-id"]);
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
      const listed = await listDeliveries(b.app, endpoint.id, "?limit=100");
      expect(listed.every((d) => d.status === "succeeded" && d.attempts === 1)).toBe(true);
    });

    it("sends each attempt once when two app instances share the database", async () => {
      const b = await start();
      await registerEndpoint(b, "/twins");
      b.receiver.answer = () => ({ status: 200, delayMs: 10 });
      for (let i = 1; i <= 16; i++) await adjustStock(b.app, i);
      await dispatchAll(b.app);
      // The second instance has its own connection pool on PostgreSQL, as another process would.
      const url = (b.app.database as { url?: string }).url;
      const database = url ? await openDatabase({ url, poolSize: 5 }) : b.app.database;
      const twin = await createApp(loadConfig({ LOG_LEVEL: "silent" }), {
        database,
        clock: b.clock,
        log: b.app.ctx.log,
      });
      try {
        let delivered = 0;
        for (let round = 0; round < 10 && delivered < 16; round++) {
          const reports = await Promise.all([b.app.webhooks.runOnce(), twin.webhooks.runOnce()]);
          delivered += reports.reduce((n, r) => n + r.delivered, 0);
        }
        expect(delivered).toBe(16);
      } finally {
        await twin.close();
        if (url) await database.close();
      }
      const ids = b.receiver.at("/twins").map((w) => w.headers["webhook-id"]);
      expect(ids).toHaveLength(16);
      expect(new Set(ids).size).toBe(16);
    }, 90_000);

    it("records nothing from a worker whose lease ran out while another sent the message", async () => {
      const b = await start();
      const endpoint = await registerEndpoint(b, "/lease");
      await adjustStock(b.app);
      await dispatchAll(b.app);
      let answerStuck: (outcome: PostOutcome) => void = () => {};
      let reached: () => void = () => {};
      const stuckCalled = new Promise<void>((resolve) => {
        reached = resolve;
      });
      const stuck = new WebhookSender({
        db: b.app.ctx.db,
        clock: b.clock,
        log: b.app.ctx.log,
        secrets: createSecretBox(undefined),
        timeoutMs: 10_000,
        maxAttempts: 5,
        disableAfterMs: 72 * hour,
        // A worker that hangs mid-request (a frozen process): it answers only when told.
        post: () => {
          reached();
          return new Promise((resolve) => {
            answerStuck = resolve;
          });
        },
      });
      const stuckPass = stuck.runOnce();
      await stuckCalled;
      expect((await b.app.webhooks.runOnce()).claimed).toBe(0); // claimed by the stuck worker
      b.clock.advance(10_000 + 60_000 + second); // its lease runs out
      expect(await b.app.webhooks.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
      answerStuck({ kind: "retry", status: 500, error: "HTTP 500", durationMs: 70_000 });
      await stuckPass;
      const [delivery] = await listDeliveries(b.app, endpoint.id);
      expect(delivery).toMatchObject({ status: "succeeded", attempts: 1, lastResponseStatus: 200 });
      const endpointNow = await b.app.call("GET", `/admin/webhook-endpoints/${endpoint.id}`, {
        headers: admin(b.app),
      });
      expect(endpointNow.body.failingSince).toBeNull();
    });

    it("disables an endpoint that kept failing for long, with an event, and resumes once enabled", async () => {
      const b = await start({ WEBHOOK_DISABLE_AFTER_HOURS: "2", WEBHOOK_MAX_ATTEMPTS: "20" });
      const failing = await registerEndpoint(b, "/broken");
      const watcher = await registerEndpoint(b, "/watcher", { eventTypes: ["webhook_endpoint.disabled"] });
      let down = true;
      b.receiver.answer = (path) => ({ status: path === "/broken" && down ? 500 : 200 });
      await adjustStock(b.app);
      await dispatchAll(b.app);
      const failingSince = b.clock.now().toISOString();
      for (let i = 0; i < 6; i++) {
        await b.app.webhooks.runOnce();
        b.clock.advance(hour);
      }
      const endpoint = await b.app.call("GET", `/admin/webhook-endpoints/${failing.id}`, {
        headers: admin(b.app),
      });
      expect(endpoint.body).toMatchObject({ enabled: false, disabledReason: "failing", failingSince });
      const attemptsWhenDisabled = b.receiver.at("/broken").length;
      expect(attemptsWhenDisabled).toBeGreaterThan(1);

      // The event reaches the other endpoint; the disabled one gets no new deliveries.
      await dispatchAll(b.app);
      await adjustStock(b.app);
      await dispatchAll(b.app);
      await b.app.webhooks.runOnce();
      b.clock.advance(4 * hour);
      await b.app.webhooks.runOnce();
      const [notice] = b.receiver.at("/watcher");
      expect(notice?.json).toMatchObject({
        type: "webhook_endpoint.disabled",
        data: { endpointId: failing.id, reason: "failing", failingSince },
      });
      expect(hasValidSignature(notice!, watcher.secret)).toBe(true);
      expect(b.receiver.at("/broken")).toHaveLength(attemptsWhenDisabled);
      expect(await listDeliveries(b.app, failing.id)).toHaveLength(1);

      down = false;
      const enabled = await b.app.call("PATCH", `/admin/webhook-endpoints/${failing.id}`, {
        headers: admin(b.app),
        body: { enabled: true },
      });
      expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
      await b.app.webhooks.runOnce();
      expect((await listDeliveries(b.app, failing.id))[0]).toMatchObject({ status: "succeeded" });
    });

    it("signs with the old and the new secret for a day after a rotation, then with the new one only", async () => {
      const b = await start();
      const endpoint = await registerEndpoint(b, "/rotating");
      const rotated = await b.app.call("POST", `/admin/webhook-endpoints/${endpoint.id}/rotate-secret`, {
        headers: admin(b.app),
      });
      expect(rotated.status).toBe(200);
      const fresh = rotated.body.secret as string;
      expect(fresh).toMatch(/^whsec_/);
      expect(fresh).not.toBe(endpoint.secret);
      expect(rotated.body.endpoint.secretHint).toBe(`${fresh.slice(0, 10)}…`);
      await adjustStock(b.app);
      await dispatchAll(b.app);
      await b.app.webhooks.runOnce();
      const [during] = b.receiver.at("/rotating");
      expect(String(during!.headers["webhook-signature"]).split(" ")).toHaveLength(2);
      expect(hasValidSignature(during!, fresh)).toBe(true);
      expect(hasValidSignature(during!, endpoint.secret)).toBe(true);

      b.clock.advance(25 * hour);
      await adjustStock(b.app);
      await dispatchAll(b.app);
      await b.app.webhooks.runOnce();
      const after = b.receiver.at("/rotating")[1]!;
      expect(hasValidSignature(after, fresh)).toBe(true);
      expect(hasValidSignature(after, endpoint.secret)).toBe(false);
    });

    it("keeps signing secrets and payloads out of the logs", async () => {
      const b = await start({ WEBHOOK_MAX_ATTEMPTS: "2" });
      const endpoint = await registerEndpoint(b, "/logged?token=merchant-url-token");
      const rotated = await b.app.call("POST", `/admin/webhook-endpoints/${endpoint.id}/rotate-secret`, {
        headers: admin(b.app),
      });
      b.receiver.answer = () => ({ status: 500 });
      await adjustStock(b.app, 4242);
      await dispatchAll(b.app);
      await b.app.webhooks.runOnce();
      b.clock.advance(4 * hour);
      await b.app.webhooks.runOnce();
      const logs = b.logs.join("\n");
      expect(logs).toContain("webhook delivery failed");
      for (const secret of [endpoint.secret, rotated.body.secret as string])
        expect(logs).not.toContain(secret.slice(6, 30));
      expect(logs).not.toContain("whsec_");
      expect(logs).not.toContain("merchant-url-token");
      expect(logs).not.toContain(b.receiver.received[0]!.body);
    });
  },
  90_000,
); // each test starts a whole app: slow on a busy shared machine
