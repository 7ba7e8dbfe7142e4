import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";

describe.each(databaseKinds())("operations endpoints on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => app?.close());

  it("reports liveness and readiness with the database kind", async () => {
    expect((await app.call("GET", "/health")).body).toEqual({ status: "ok" });
    expect((await app.call("GET", "/ready")).body).toEqual({ status: "ready", database: kind });
  });

  it("serves an OpenAPI 3.1 document that describes every route with its errors", async () => {
    const { status, body } = await app.call("GET", "/openapi.json");
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.1.0");
    const routes = app.server.printRoutes({ commonPrefix: false });
    for (const path of [
      "/store/carts/{cartId}/complete",
      "/store/carts/{cartId}/lines",
      "/admin/orders",
      "/admin/inventory/{sku}/adjustments",
    ]) {
      expect(body.paths[path], path).toBeDefined();
    }
    const complete = body.paths["/store/carts/{cartId}/complete"].post;
    expect(Object.keys(complete.responses)).toEqual(expect.arrayContaining(["200", "402", "409", "422"]));
    expect(body.components.schemas.Money).toBeDefined();
    expect(routes).toContain("complete");
  });

  it("serves a browsable API reference at /docs", async () => {
    const res = await app.server.inject({ method: "GET", url: "/docs/" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
  });

  it("echoes a request id on every response", async () => {
    const res = await app.call("GET", "/health", { headers: { "x-request-id": "trace-123" } });
    expect(res.headers["x-request-id"]).toBe("trace-123");
  });
});
