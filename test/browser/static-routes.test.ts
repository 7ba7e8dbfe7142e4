import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staticRoutes } from "../../src/http/static.routes.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { ensureStorefrontBuilt } from "./browser-harness.ts";

const html = { accept: "text/html,application/xhtml+xml" };

describe("storefront static serving", () => {
  let app: TestApp;
  beforeAll(async () => {
    ensureStorefrontBuilt();
    app = await startTestApp("pglite");
  });
  afterAll(async () => {
    await app?.close();
  });

  it("serves the storefront at / and index.html for deep links a browser opens", async () => {
    for (const url of ["/", "/checkout", "/products/organic-tee", "/orders/CW-1001"]) {
      const res = await app.call("GET", url, { headers: html });
      expect(res.status, url).toBe(200);
      expect(String(res.headers["content-type"])).toContain("text/html");
      expect(String(res.body)).toContain('<div id="root">');
      expect(res.headers["cache-control"]).toBe("no-cache");
    }
  });

  it("keeps API paths, docs and probes working, and unknown API paths as problem+json 404s", async () => {
    expect((await app.call("GET", "/store/products?currency=USD", { headers: html })).status).toBe(200);
    expect((await app.call("GET", "/health", { headers: html })).body).toEqual({ status: "ok" });
    expect((await app.call("GET", "/ready")).status).toBe(200);
    expect((await app.call("GET", "/openapi.json")).body).toHaveProperty("paths");
    expect((await app.call("GET", "/docs", { headers: html })).status).toBe(200);
    const missing = await app.call("GET", "/store/nope", { headers: html });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("not_found");
    const notHtml = await app.call("GET", "/checkout", { headers: { accept: "application/json" } });
    expect(notHtml.status).toBe(404);
    expect(String(notHtml.headers["content-type"])).toContain("application/problem+json");
  });

  it("serves fingerprinted assets with a long cache lifetime", async () => {
    const index = String((await app.call("GET", "/", { headers: html })).body);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1];
    expect(script).toBeDefined();
    const res = await app.call("GET", script!);
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toContain("immutable");
  });

  it("starts without a build and tells the operator to run npm run build", async () => {
    const empty = mkdtempSync(join(tmpdir(), "cartwright-no-dist-"));
    const server = Fastify();
    await server.register(staticRoutes(empty));
    try {
      const res = await server.inject({ method: "GET", url: "/", headers: html });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain("npm run build");
    } finally {
      await server.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
