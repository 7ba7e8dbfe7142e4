import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import {
  completeOver,
  readyCartOver,
  type ServerProcess,
  startServerProcess,
} from "./guarantees/server-process.ts";

// `npm start` on an empty embedded database: the store opens at once and the 60 days of demo
// history are written behind it, back-dated, without back-dating what live shoppers do.
const dataDir = mkdtempSync(join(tmpdir(), "cartwright-demo-start-"));
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

it("serves shoppers while the demo history is still being written, and dates their orders today", async () => {
  server = await startServerProcess(undefined, {
    DATA_DIR: dataDir,
    DEMO_HISTORY: "true",
    DEMO_HISTORY_CHECKOUTS: "50",
  });
  const products = await server.call("GET", "/store/products");
  expect(products.status).toBe(200);
  const placed = await completeOver(
    server,
    await readyCartOver(server, [{ sku: "TEE-M", quantity: 1 }]),
    "live-1",
  );
  expect(placed.status).toBe(200);
  // Answered before the history was done: the store did not wait for it.
  expect(server.output()).not.toMatch(/Demo history: \d+ orders/);
  const liveAt = new Date(placed.body.placedAt).getTime();
  expect(Math.abs(Date.now() - liveAt)).toBeLessThan(10 * 60_000);

  await server.waitForOutput(/Demo history: \d+ orders/, 240_000);
  const admin = { authorization: `Bearer ${server.apiKey}` };
  const orders = await server.call("GET", "/admin/orders?limit=100", { headers: admin });
  expect(orders.status).toBe(200);
  const placedAts = (orders.body.orders as { placedAt: string }[]).map((o) => new Date(o.placedAt).getTime());
  const weekAgo = Date.now() - 7 * 86_400_000;
  expect(placedAts.filter((t) => t < weekAgo).length).toBeGreaterThan(5);
  expect(server.output()).not.toMatch(/Demo history stopped/);
}, 300_000);
