import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staticRoutes } from "../../src/http/static.routes.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { ensureAdminBuilt } from "./admin-harness.ts";
import { ensureStorefrontBuilt } from "./browser-harness.ts";

const html = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

describe("merchant center static serving", () => {
  let app: TestApp;
  beforeAll(async () => {
    ensureStorefrontBuilt();
    ensureAdminBuilt();
    app = await startTestApp("pglite");
  });
  afterAll(async () => {
    await app?.close();
  });

  it("serves the merchant center to a browser at /admin and at its client-side routes, API paths included", async () => {
    for (const url of [
      "/admin",
      "/admin/",
      "/admin/orders",
      "/admin/orders/ord_123",
      "/admin/inventory",
      "/admin/emails?x=1",
    ]) {
      const res = await app.call("GET", url, { headers: html });
      expect(res.status, url).toBe(200);
      expect(String(res.headers["content-type"]), url).toContain("text/html");
      expect(String(res.body), url).toContain("/admin/assets/");
      expect(res.headers["content-security-policy"], url).toContain("script-src 'self'");
    }
  });

  it("keeps the Admin API answering JSON to API clients on the same paths", async () => {
    const bearer = { authorization: `Bearer ${app.apiKey}` };
    const withKey = await app.call("GET", "/admin/orders", { headers: { ...html, ...bearer } });
    expect(withKey.status).toBe(200);
    expect(String(withKey.headers["content-type"])).toContain("application/json");
    expect(withKey.body).toEqual({ orders: [], next: null });
    const json = await app.call("GET", "/admin/orders", {
      headers: { ...bearer, accept: "application/json" },
    });
    expect(json.body).toEqual({ orders: [], next: null });
    const noKey = await app.call("GET", "/admin/orders", { headers: { accept: "application/json" } });
    expect(noKey.status).toBe(401);
    expect(noKey.body.code).toBe("unauthorized");
    const anyAccept = await app.call("GET", "/admin/orders");
    expect(anyAccept.status).toBe(401);
    // A form post from a browser is never answered with the page.
    const post = await app.call("POST", "/admin/orders/ord_x/cancel", {
      headers: html,
      body: { reason: "x" },
    });
    expect(post.status).toBe(401);
  });

  it("serves the app's fingerprinted assets for a year, and unknown assets as problem+json 404s", async () => {
    const index = String((await app.call("GET", "/admin", { headers: html })).body);
    const script = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(index)?.[1];
    expect(script).toBeDefined();
    const res = await app.call("GET", script!);
    expect(res.status).toBe(200);
    expect(String(res.headers["content-type"])).toContain("javascript");
    expect(res.headers["cache-control"]).toContain("immutable");
    const missing = await app.call("GET", "/admin/assets/nope.js");
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("not_found");
    const outside = await app.call("GET", "/admin/assets/../../package.json");
    expect(outside.status).toBe(404);
  });

  it("leaves the storefront at / and its deep links alone", async () => {
    const res = await app.call("GET", "/checkout", { headers: html });
    expect(res.status).toBe(200);
    expect(String(res.body)).not.toContain("/admin/assets/");
  });

  it("starts without a built merchant center and tells the operator to run npm run build", async () => {
    const empty = mkdtempSync(join(tmpdir(), "cartwright-no-admin-"));
    const server = Fastify();
    server.get("/admin/orders", async () => ({ orders: [] }));
    await server.register(staticRoutes(empty, empty));
    try {
      const page = await server.inject({ method: "GET", url: "/admin/orders", headers: html });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("npm run build");
      expect(page.body).toContain("Merchant center");
      const api = await server.inject({
        method: "GET",
        url: "/admin/orders",
        headers: { ...html, authorization: "Bearer cw_sk_x" },
      });
      expect(api.json()).toEqual({ orders: [] });
    } finally {
      await server.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
