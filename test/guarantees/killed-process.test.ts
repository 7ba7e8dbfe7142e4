import { sql } from "drizzle-orm";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../../src/app/app.ts";
import { loadConfig } from "../../src/app/config.ts";
import { FixedClock } from "../../src/shared/clock.ts";
import { type Database, queryRows } from "../../src/shared/db/database.ts";
import { databaseKinds, openTestDatabase } from "../support/database.ts";
import {
  attemptsOfCart,
  cartStatus,
  chargesOfCart,
  expectOneOrderPerCart,
  heldUnitsOfCart,
  ordersOfCart,
  paymentsOfCart,
  stockRow,
} from "./audit.ts";
import { completeOver, readyCartOver, type ServerProcess, startServerProcess } from "./server-process.ts";

// Real processes need a PostgreSQL server. Without TEST_DATABASE_URL these tests are skipped on a
// developer's machine, but never in CI: there they run and fail on the missing database.
const runProcessTests = databaseKinds().includes("postgres") || Boolean(process.env.CI);

/** Polls until `check` holds; for watching another process, whose timing no hook controls. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A second Cartwright (in this process) on the same database, its clock past the staleness window. */
async function startRecoveryApp(url: string): Promise<App> {
  const clock = new FixedClock(new Date(Date.now() + 5 * 60_000));
  return createApp(loadConfig({ DATABASE_URL: url, LOG_LEVEL: "silent" }), {
    clock,
    log: pino({ level: "silent" }),
  });
}

// G18 (a killed process loses nothing), G7 (no orphan charge), G5 and G10 across processes.
// Spawning servers is slow on a busy 2-core machine: generous timeouts, the assertions are exact.
describe.skipIf(!runProcessTests)(
  "killed server processes and scale-out on PostgreSQL",
  { timeout: 300_000 },
  () => {
    let database: Database & { url?: string };
    const servers: ServerProcess[] = [];
    let apiKey: string;
    const start = async (env: Record<string, string> = {}) => {
      const server = await startServerProcess(database.url!, env);
      servers.push(server);
      apiKey ??= server.apiKey!;
      return server;
    };
    const admin = () => ({ authorization: `Bearer ${apiKey}` });
    beforeAll(async () => {
      if (!databaseKinds().includes("postgres")) throw new Error("TEST_DATABASE_URL must be set in CI");
      database = await openTestDatabase("postgres", { poolSize: 4 });
    });
    afterAll(async () => {
      await Promise.all(servers.map((s) => s.kill()));
      await database?.close();
    });

    it("releases the stock and reopens the cart when the process dies while the provider is still answering", async () => {
      const server = await start({ TEST_PAYMENT_LATENCY_MS: "5000" });
      const db = database.db;
      const cart = await readyCartOver(server, [{ sku: "TEE-M", quantity: 3 }]);
      const before = await stockRow(db, "TEE-M");

      const inFlight = completeOver(server, cart, "dies-mid-authorize").catch((e: Error) => e);
      // The attempt is committed before the provider is called; the call then sleeps 5 s.
      await until(
        "the attempt is authorizing",
        async () => (await attemptsOfCart(db, cart.cartId)).length > 0,
      );
      await server.kill("SIGKILL");
      expect(await inFlight).toBeInstanceOf(Error);
      expect(await stockRow(db, "TEE-M")).toEqual({ onHand: before.onHand, reserved: 3 });

      const recovery = await startRecoveryApp(database.url!);
      try {
        await recovery.sweep();
      } finally {
        await recovery.close();
      }
      expect(await attemptsOfCart(db, cart.cartId)).toEqual([expect.objectContaining({ status: "failed" })]);
      expect(await chargesOfCart(db, cart.cartId)).toEqual([]);
      expect(await ordersOfCart(db, cart.cartId)).toEqual([]);
      expect(await stockRow(db, "TEE-M")).toEqual(before);
      expect(await cartStatus(db, cart.cartId)).toBe("open");

      const next = await start();
      const retried = await completeOver(next, cart, "after-the-crash");
      expect(retried.status).toBe(200);
      expect(await ordersOfCart(db, cart.cartId)).toEqual([retried.body.id]);
      expect(await stockRow(db, "TEE-M")).toEqual({ onHand: before.onHand - 3, reserved: 0 });
    });

    it("places exactly one order for the charge when the process dies right after the provider charged", async () => {
      const server = await start();
      const db = database.db;
      const cart = await readyCartOver(server, [{ sku: "MUG-350", quantity: 2 }]);
      const before = await stockRow(db, "MUG-350");

      // Freeze the server right after the provider's answer: recording it needs to write to
      // `payments`, which this transaction keeps locked against writes.
      const blocker = new pg.Client({ connectionString: database.url });
      await blocker.connect();
      try {
        await blocker.query("begin");
        await blocker.query("lock table payments in share mode");
        const inFlight = completeOver(server, cart, "dies-after-charge").catch((e: Error) => e);
        await until(
          "the provider holds the charge",
          async () => (await chargesOfCart(db, cart.cartId)).length > 0,
        );
        await until("the server waits to record it", async () => {
          const waiting = await queryRows<{ n: number }>(
            db,
            sql`select count(*)::int as n from pg_stat_activity
               where datname = current_database() and wait_event_type = 'Lock' and query ilike '%payments%'`,
          );
          return waiting[0]!.n > 0;
        });
        await server.kill("SIGKILL");
        expect(await inFlight).toBeInstanceOf(Error);
      } finally {
        await blocker.query("rollback");
        await blocker.end();
      }
      expect(await paymentsOfCart(db, cart.cartId)).toEqual([]);
      expect(await ordersOfCart(db, cart.cartId)).toEqual([]);

      const recovery = await startRecoveryApp(database.url!);
      try {
        await recovery.sweep();
        await recovery.sweep();
      } finally {
        await recovery.close();
      }
      const orders = await ordersOfCart(db, cart.cartId);
      expect(orders).toHaveLength(1);
      expect(await chargesOfCart(db, cart.cartId)).toEqual([
        expect.objectContaining({ status: "authorized" }),
      ]);
      expect(await paymentsOfCart(db, cart.cartId)).toEqual([
        expect.objectContaining({ status: "authorized", orderId: orders[0] }),
      ]);
      expect(await stockRow(db, "MUG-350")).toEqual({ onHand: before.onHand - 2, reserved: 0 });
      expect(await heldUnitsOfCart(db, cart.cartId)).toBe(0);
    });

    it("gives one order per cart and sells no unit twice when two server processes race on the same carts", async () => {
      const [a, b] = [await start(), await start()];
      const db = database.db;
      const level = await a.call("GET", "/admin/inventory/HOODIE-FOREST", { headers: admin() });
      const adjusted = await a.call("POST", "/admin/inventory/HOODIE-FOREST/adjustments", {
        headers: admin(),
        body: { delta: 5 - level.body.onHand, reason: "count" },
      });
      expect(adjusted.body).toMatchObject({ onHand: 5, reserved: 0 });
      const carts = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          readyCartOver(i % 2 ? a : b, [{ sku: "HOODIE-FOREST", quantity: 1 }]),
        ),
      );

      // Every cart is completed four times at once: twice through each server, each with its own key.
      const responses = await Promise.all(
        carts.flatMap((cart) =>
          [a, a, b, b].map(async (server, i) => ({
            cart,
            res: await completeOver(server, cart, `${cart.cartId}-${i}`),
          })),
        ),
      );

      expect(await expectOneOrderPerCart(db, carts, responses)).toBe(5);
      expect(await stockRow(db, "HOODIE-FOREST")).toEqual({ onHand: 0, reserved: 0 });
    });
  },
);
