import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, queryRows } from "../../src/shared/db/database.ts";
import { databaseKinds, openTestDatabase } from "../support/database.ts";
import { expectOneOrderPerCart, stockRow } from "./audit.ts";
import { completeOver, readyCartOver, type ServerProcess, startServerProcess } from "./server-process.ts";

// Real processes need a PostgreSQL server: skipped without TEST_DATABASE_URL, except in CI.
const runProcessTests = databaseKinds().includes("postgres") || Boolean(process.env.CI);

/** The API processes a primary forked: its children running src/main.ts (not tsx's esbuild). */
function apiProcessesOf(primary: number): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return ppid === primary && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("src/main.ts");
      } catch {
        return false; // exited meanwhile
      }
    })
    .map(Number);
}

/**
 * Established TCP connections on `port` held open by `pid`: the connections that process accepted
 * and answers (the primary hands each accepted connection to one API process).
 */
function connectionsServedBy(pid: number, port: number): number {
  const sockets = new Set(
    readdirSync(`/proc/${pid}/fd`)
      .map((fd) => {
        try {
          return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        } catch {
          return undefined;
        }
      })
      .filter(Boolean),
  );
  const established = ["/proc/net/tcp", "/proc/net/tcp6"]
    .filter((file) => existsSync(file))
    .flatMap((file) => readFileSync(file, "utf8").trim().split("\n").slice(1))
    .map((line) => line.trim().split(/\s+/))
    .filter(([, local, , state]) => state === "01" && Number.parseInt(local!.split(":")[1]!, 16) === port);
  return established.filter((columns) => sockets.has(columns[9])).length;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// API_PROCESSES=2: one primary, two API processes sharing the port. G5 and G10 across them, a
// dead process replaced, and SIGTERM stopping all. Slow to spawn on a busy 2-core machine.
describe.skipIf(!runProcessTests)("API_PROCESSES=2 on PostgreSQL", { timeout: 300_000 }, () => {
  let database: Database & { url?: string };
  let server: ServerProcess;
  let port: number;
  const dataDir = mkdtempSync(join(tmpdir(), "cartwright-api-processes-"));
  const admin = () => ({ authorization: `Bearer ${server.apiKey}` });
  beforeAll(async () => {
    if (!databaseKinds().includes("postgres")) throw new Error("TEST_DATABASE_URL must be set in CI");
    database = await openTestDatabase("postgres", { poolSize: 4 });
    // DATA_DIR: where the emails are written (.eml files).
    server = await startServerProcess(database.url!, { API_PROCESSES: "2", DATA_DIR: dataDir });
    port = Number(new URL(server.baseUrl).port);
  }, 180_000);
  afterAll(async () => {
    await server?.kill();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves from two API processes and gives one order per cart, no unit sold twice", async () => {
    const workers = apiProcessesOf(server.pid);
    expect(workers).toHaveLength(2);
    // Seeded once, by the primary: one key printed, one demo catalog.
    expect(server.output().match(/Admin API key/g)).toHaveLength(1);

    const db = database.db;
    const level = await server.call("GET", "/admin/inventory/HOODIE-FOREST", { headers: admin() });
    const adjusted = await server.call("POST", "/admin/inventory/HOODIE-FOREST/adjustments", {
      headers: admin(),
      body: { delta: 5 - level.body.onHand, reason: "count" },
    });
    expect(adjusted.body).toMatchObject({ onHand: 5, reserved: 0 });
    const carts = await Promise.all(
      Array.from({ length: 12 }, () => readyCartOver(server, [{ sku: "HOODIE-FOREST", quantity: 1 }])),
    );
    // Every cart completed four times at once, each with its own key, over parallel connections
    // that the primary spreads across both processes.
    const responses = await Promise.all(
      carts.flatMap((cart) =>
        [0, 1, 2, 3].map(async (i) => ({
          cart,
          res: await completeOver(server, cart, `${cart.cartId}-${i}`),
        })),
      ),
    );
    // Read while the keep-alive connections are still open: both processes answered some.
    for (const pid of workers) expect(connectionsServedBy(pid, port)).toBeGreaterThan(0);
    expect(connectionsServedBy(server.pid, port)).toBe(0);

    expect(await expectOneOrderPerCart(db, carts, responses)).toBe(5);
    expect(await stockRow(db, "HOODIE-FOREST")).toEqual({ onHand: 0, reserved: 0 });

    // Background work runs in the API processes: the outbox delivers order.placed, the sender mails.
    const emails = async () =>
      (
        await queryRows<{ status: string; n: number }>(
          db,
          sql`select status, count(*)::int as n from emails group by status`,
        )
      ).map((r) => [r.status, r.n]);
    await until(
      "the five order confirmations are sent",
      async () => JSON.stringify(await emails()) === JSON.stringify([["sent", 5]]),
    );
  });

  it("replaces an API process that dies", async () => {
    const [victim, survivor] = apiProcessesOf(server.pid);
    process.kill(victim!, "SIGKILL");
    await until("a new API process runs", () => {
      const now = apiProcessesOf(server.pid);
      return now.length === 2 && !now.includes(victim!) && now.includes(survivor!);
    });
    const placed = await completeOver(
      server,
      await readyCartOver(server, [{ sku: "TEE-M", quantity: 1 }]),
      "after-a-death",
    );
    expect(placed.status).toBe(200);
  });

  it("stops the primary and every API process on SIGTERM", async () => {
    const all = [server.pid, ...apiProcessesOf(server.pid)];
    expect(all).toHaveLength(3);
    await server.kill("SIGTERM");
    // The primary exits only after its API processes have: none is left behind.
    for (const pid of all) expect(existsSync(`/proc/${pid}`)).toBe(false);
  });
});

it("refuses more than one API process on the embedded database", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "cartwright-api-processes-"));
  try {
    await expect(startServerProcess(undefined, { DATA_DIR: dataDir, API_PROCESSES: "2" })).rejects.toThrow(
      /exited with 2 before listening[\s\S]*API_PROCESSES=2: more than one API process needs DATABASE_URL/,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 120_000);
