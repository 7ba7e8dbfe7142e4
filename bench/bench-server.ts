import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/**
 * A Cartwright server in a child process for benchmarks: on PGlite (a fresh DATA_DIR in a temp
 * dir) or on PostgreSQL (a fresh database, dropped afterwards; BENCH_DATABASE_URL names an
 * existing database to use as is). Its CPU time is read from /proc, so the client's own work
 * is not counted. With `processes` > 1 (PostgreSQL only) the server runs API_PROCESSES: a primary
 * and its API processes, whose CPU is summed.
 */
export type BenchDb = "pglite" | "postgres";

export interface BenchServer {
  readonly db: BenchDb;
  /** API processes serving requests (API_PROCESSES). */
  readonly processes: number;
  readonly pid: number;
  readonly apiKey: string;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  /** user + system CPU time of the server's whole process tree so far, in ms (Linux /proc). */
  cpuMs(): number;
  stop(): Promise<void>;
}

export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  body: Record<string, unknown> & { [key: string]: unknown };
  ms: number;
}

const adminUrl = "postgres://postgres@127.0.0.1:5432/postgres";
const repoRoot = new URL("..", import.meta.url).pathname;

export function parseDbOption(args: string[]): BenchDb[] {
  const at = args.indexOf("--db");
  const value = at >= 0 ? args[at + 1] : "both";
  if (value === "both") return ["pglite", "postgres"];
  if (value === "pglite" || value === "postgres") return [value];
  throw new Error(`--db must be pglite, postgres or both, not ${value}`);
}

export function numberOption(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Where the server keeps its data, and how to throw it away afterwards. */
async function freshStorage(db: BenchDb): Promise<{ env: Record<string, string>; dispose(): Promise<void> }> {
  if (db === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "cartwright-bench-"));
    return { env: { DATA_DIR: dir }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (process.env.BENCH_DATABASE_URL) {
    return { env: { DATABASE_URL: process.env.BENCH_DATABASE_URL }, dispose: async () => {} };
  }
  const name = `cw_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    async dispose() {
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

export async function startBenchServer(
  db: BenchDb,
  options: { env?: Record<string, string>; nodeArgs?: string[]; processes?: number } = {},
): Promise<BenchServer> {
  const processes = options.processes ?? 1;
  if (processes > 1 && db !== "postgres") {
    throw new Error(
      "--processes above 1 needs --db postgres: the embedded PGlite database is single-process",
    );
  }
  const storage = await freshStorage(db);
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), "--import", "tsx", "src/main.ts"],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...storage.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        SEED_DEMO: "true",
        // The demo catalog only: 60 days of generated orders take minutes to write and would be
        // profiled along with the checkouts.
        DEMO_HISTORY: "false",
        LOG_LEVEL: "warn",
        API_PROCESSES: String(processes),
        ...options.env,
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    // Generous: PGlite migrates a fresh store in WASM, which takes minutes on a busy 2-core machine.
    const timer = setTimeout(() => reject(new Error(`server did not start in 300 s:\n${stderr}`)), 300_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes("Cartwright is running")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
  const apiKey = /Admin API key \(shown once, keep it\): (\S+)/.exec(stderr)?.[1];
  if (!apiKey) throw new Error("the server printed no Admin API key: is the database fresh?");
  const baseUrl = `http://127.0.0.1:${port}`;
  const pid = child.pid!;
  return {
    db,
    processes,
    pid,
    apiKey,
    async call(method, path, options = {}) {
      const started = performance.now();
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
          ...options.headers,
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : {}, ms: performance.now() - started };
    },
    cpuMs: () => processTreeCpuMs(pid),
    async stop() {
      child.kill("SIGTERM");
      await exited;
      await storage.dispose();
    },
  };
}

/**
 * CPU time of a process and all its descendants (API processes, esbuild), in ms: fields 14-17 of
 * /proc/<pid>/stat, utime and stime plus cutime and cstime, the time of children it has reaped, so
 * an API process that died and was replaced still counts. Clock ticks are 100 per second.
 */
export function processTreeCpuMs(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited since the directory was read
    }
    // After the command name in parentheses: state, ppid, … (field 3 onwards).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    stats.set(Number(entry), { ppid: Number(fields[1]), ticks });
  }
  const tree = new Set([root]);
  for (let grown = true; grown; ) {
    grown = false;
    for (const [pid, { ppid }] of stats) {
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grown = true;
      }
    }
  }
  let ticks = 0;
  for (const pid of tree) ticks += stats.get(pid)?.ticks ?? 0;
  return ticks * 10;
}

/** Sets the on-hand stock of a SKU through the Admin API. */
export async function setStock(server: BenchServer, sku: string, onHand: number): Promise<void> {
  const auth = { authorization: `Bearer ${server.apiKey}` };
  const level = await server.call("GET", `/admin/inventory/${sku}`, { headers: auth });
  let missing = onHand - Number(level.body.onHand);
  while (missing !== 0) {
    const delta = Math.max(-1_000_000, Math.min(1_000_000, missing));
    const res = await server.call("POST", `/admin/inventory/${sku}/adjustments`, {
      headers: auth,
      body: { delta, reason: delta > 0 ? "received" : "count" },
    });
    if (res.status !== 200) throw new Error(`stock adjustment failed: ${JSON.stringify(res.body)}`);
    missing -= delta;
  }
}

export const shopperAddress = {
  firstName: "Ada",
  lastName: "Lovelace",
  line1: "12 Main St",
  city: "Springfield",
  region: "IL",
  postalCode: "62701",
  country: "US",
};

export type Step =
  | "create_cart"
  | "add_line"
  | "contact"
  | "address"
  | "shipping_options"
  | "shipping_method"
  | "complete";

/**
 * A shopper's journey up to (not including) completion, as a storefront would drive it. Each
 * step's latency goes to `record`; a non-2xx answer throws.
 */
export async function readyCart(
  server: BenchServer,
  lines: { sku: string; quantity: number }[],
  record: (step: Step, ms: number) => void = () => {},
): Promise<{ cartId: string; headers: Record<string, string> }> {
  const step = async (name: Step, method: string, path: string, options: CallOptions = {}) => {
    const res = await server.call(method, path, options);
    record(name, res.ms);
    if (res.status >= 300) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const created = await step("create_cart", "POST", "/store/carts", { body: { currency: "USD" } });
  const cartId = (created.cart as { id: string }).id;
  const headers = { "x-cart-token": created.token as string };
  const base = `/store/carts/${cartId}`;
  for (const line of lines) await step("add_line", "POST", `${base}/lines`, { headers, body: line });
  await step("contact", "PUT", `${base}/contact`, { headers, body: { email: "bench@example.com" } });
  await step("address", "PUT", `${base}/shipping-address`, { headers, body: shopperAddress });
  const options = (await step("shipping_options", "GET", `${base}/shipping-options`, {
    headers,
  })) as unknown as { id: string; code: string }[];
  const standard = options.find((o) => o.code === "standard");
  if (!standard) throw new Error("no standard shipping option");
  await step("shipping_method", "PUT", `${base}/shipping-method`, {
    headers,
    body: { methodId: standard.id },
  });
  return { cartId, headers };
}

/** The p-th percentile (0–100) of samples, nearest rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

// biome-ignore lint/suspicious/noExplicitAny: benches read response bodies loosely.
type Json = any;

/** Something that answers `fastify.inject` (an app's server, opened in this process). */
interface Injectable {
  inject(request: {
    method: "GET";
    url: string;
    headers: Record<string, string>;
    payload?: string;
  }): Promise<{ statusCode: number; body: string; json(): unknown }>;
}

/**
 * JSON requests straight into an in-process app (no sockets), for the benches that measure the
 * app from inside its process; anything but 2xx throws.
 */
export function injectCaller(server: Injectable, label = "") {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Json> => {
    const res = await server.inject({
      method: method as "GET",
      url: path,
      headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    if (res.statusCode >= 300) throw new Error(`${label}${method} ${path}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
}

/** Stock enough for every checkout of a run, at every level that keeps a count (PostgreSQL at `url`). */
export async function raiseAllStock(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("update inventory_location_stock set on_hand = 100000000");
  await client.query(`update inventory_stock_levels i set on_hand =
    (select sum(on_hand) from inventory_location_stock s where s.sku = i.sku)`);
  await client.end();
}
