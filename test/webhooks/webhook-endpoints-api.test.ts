import { afterEach, describe, expect, it } from "vitest";
import { createApiKey } from "../../src/modules/api-keys/index.ts";
import { databaseKinds } from "../support/database.ts";
import { hasValidSignature } from "./receiver.ts";
import {
  admin,
  countRows,
  listDeliveries,
  registerEndpoint,
  startWebhookTestBed,
  type WebhookTestBed,
} from "./webhook-kit.ts";

describe.each(databaseKinds())(
  "webhook endpoints Admin API on %s",
  (kind) => {
    let bed: WebhookTestBed | undefined;
    afterEach(async () => {
      await bed?.close();
      bed = undefined;
    });
    const start = async () => {
      bed = await startWebhookTestBed(kind);
      return bed;
    };

    it.each([
      ["plain http to another host", { url: "http://shop.example/hooks" }, "url"],
      ["another scheme", { url: "ftp://shop.example/hooks" }, "url"],
      ["not a URL", { url: "hooks at my shop" }, "url"],
      ["a cloud metadata address", { url: "https://169.254.169.254/latest/meta-data" }, "url"],
      ["a private network address", { url: "https://10.1.2.3/hooks" }, "url"],
      ["credentials in the URL", { url: "https://user:pw@shop.example/hooks" }, "url"],
      ["no URL", { description: "x" }, "url"],
      [
        "an unknown event type",
        { url: "https://shop.example/h", eventTypes: ["order.exploded"] },
        "eventTypes.0",
      ],
      ["an empty list of event types", { url: "https://shop.example/h", eventTypes: [] }, "eventTypes"],
      ["an unknown field", { url: "https://shop.example/h", secret: "whsec_mine" }, ""],
    ])("refuses %s with a 400 problem and writes nothing", async (_case, body, field) => {
      const b = await start();
      const res = await b.app.call("POST", "/admin/webhook-endpoints", { headers: admin(b.app), body });
      expect(res.status).toBe(400);
      expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe("validation_failed");
      if (field) expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(`body.${field}`);
      expect(await countRows(b.app, "webhook_endpoints")).toBe(0);
    });

    it("accepts https anywhere public and plain http to this machine", async () => {
      const b = await start();
      for (const url of ["https://shop.example/hooks", "http://localhost:8080/h", "http://127.0.0.1/h"]) {
        const res = await b.app.call("POST", "/admin/webhook-endpoints", {
          headers: admin(b.app),
          body: { url },
        });
        expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(201);
      }
    });

    it("shows the signing secret once, and only its hint when listing, reading or changing", async () => {
      const b = await start();
      const created = await b.app.call("POST", "/admin/webhook-endpoints", {
        headers: admin(b.app),
        body: { url: `${b.base}/h`, description: "ERP", eventTypes: ["order.placed", "order.cancelled"] },
      });
      expect(created.status).toBe(201);
      const { endpoint, secret } = created.body;
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(endpoint).toMatchObject({
        url: `${b.base}/h`,
        description: "ERP",
        eventTypes: ["order.placed", "order.cancelled"],
        enabled: true,
        disabledReason: null,
        secretHint: `${secret.slice(0, 10)}…`,
      });
      const secretPart = secret.slice(10);
      const reads = [
        await b.app.call("GET", "/admin/webhook-endpoints", { headers: admin(b.app) }),
        await b.app.call("GET", `/admin/webhook-endpoints/${endpoint.id}`, { headers: admin(b.app) }),
        await b.app.call("PATCH", `/admin/webhook-endpoints/${endpoint.id}`, {
          headers: admin(b.app),
          body: { description: "ERP (prod)", eventTypes: null },
        }),
      ];
      for (const res of reads) {
        expect(res.status).toBe(200);
        expect(JSON.stringify(res.body)).not.toContain(secretPart);
        expect(JSON.stringify(res.body)).not.toContain('"secret"');
      }
      expect(reads[0]!.body.endpoints).toHaveLength(1);
      expect(reads[2]!.body).toMatchObject({ description: "ERP (prod)", eventTypes: null });
    });

    it("disables, enables and deletes an endpoint; a bad change leaves it as it was", async () => {
      const b = await start();
      const { id } = await registerEndpoint(b, "/h");
      const path = `/admin/webhook-endpoints/${id}`;
      const bad = await b.app.call("PATCH", path, {
        headers: admin(b.app),
        body: { url: "http://shop.example/h" },
      });
      expect(bad.status).toBe(400);
      expect((await b.app.call("PATCH", path, { headers: admin(b.app), body: {} })).status).toBe(400);
      const disabled = await b.app.call("PATCH", path, { headers: admin(b.app), body: { enabled: false } });
      expect(disabled.body).toMatchObject({ enabled: false, disabledReason: "manual", url: `${b.base}/h` });

      const refused = await b.app.call("POST", `${path}/test`, { headers: admin(b.app) });
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe("webhook_endpoint_disabled");

      const enabled = await b.app.call("PATCH", path, { headers: admin(b.app), body: { enabled: true } });
      expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
      expect((await b.app.call("DELETE", path, { headers: admin(b.app) })).status).toBe(204);
      expect((await b.app.call("GET", path, { headers: admin(b.app) })).status).toBe(404);
      expect((await b.app.call("DELETE", path, { headers: admin(b.app) })).status).toBe(404);
      expect((await b.app.call("POST", `${path}/rotate-secret`, { headers: admin(b.app) })).status).toBe(404);
    });

    it("sends a signed test event on request and lists it with its outcome", async () => {
      const b = await start();
      const endpoint = await registerEndpoint(b, "/h", { eventTypes: ["order.placed"] });
      const queued = await b.app.call("POST", `/admin/webhook-endpoints/${endpoint.id}/test`, {
        headers: admin(b.app),
      });
      expect(queued.status, JSON.stringify(queued.body)).toBe(202);
      expect(queued.body).toMatchObject({ eventType: "webhook.test", status: "pending", attempts: 0 });
      await b.app.webhooks.runOnce();
      const [got] = b.receiver.at("/h");
      expect(got?.json).toMatchObject({ type: "webhook.test", data: { endpointId: endpoint.id } });
      expect(hasValidSignature(got!, endpoint.secret)).toBe(true);
      const [listed] = await listDeliveries(b.app, endpoint.id);
      expect(listed).toMatchObject({
        id: queued.body.id,
        status: "succeeded",
        attempts: 1,
        lastResponseStatus: 200,
      });
    });

    it("needs the webhooks scopes", async () => {
      const b = await start();
      const { secret } = await createApiKey(
        b.app.ctx.db,
        { name: "orders only", scopes: ["orders:read"] },
        new Date(),
      );
      const reader = await createApiKey(
        b.app.ctx.db,
        { name: "reader", scopes: ["webhooks:read"] },
        new Date(),
      );
      const as = (key: string) => ({ authorization: `Bearer ${key}` });
      expect((await b.app.call("GET", "/admin/webhook-endpoints", { headers: as(secret) })).status).toBe(403);
      expect((await b.app.call("GET", "/admin/webhook-endpoints")).status).toBe(401);
      expect(
        (await b.app.call("GET", "/admin/webhook-endpoints", { headers: as(reader.secret) })).status,
      ).toBe(200);
      const write = await b.app.call("POST", "/admin/webhook-endpoints", {
        headers: as(reader.secret),
        body: { url: "https://shop.example/h" },
      });
      expect(write.status).toBe(403);
      expect(await countRows(b.app, "webhook_endpoints")).toBe(0);
    });

    it("documents every webhook route in the OpenAPI document", async () => {
      const b = await start();
      const doc = (await b.app.call("GET", "/openapi.json")).body;
      const paths = Object.keys(doc.paths).filter((p) => p.includes("webhook-"));
      expect(paths.sort()).toEqual([
        "/admin/webhook-endpoints",
        "/admin/webhook-endpoints/{endpointId}",
        "/admin/webhook-endpoints/{endpointId}/deliveries",
        "/admin/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/replay",
        "/admin/webhook-endpoints/{endpointId}/replay-failed",
        "/admin/webhook-endpoints/{endpointId}/rotate-secret",
        "/admin/webhook-endpoints/{endpointId}/test",
        "/admin/webhook-event-types",
      ]);
    });
  },
  90_000,
); // each test starts a whole app: slow on a busy shared machine
