import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/shared/db/database.ts";
import { complete, expectOneOrderPerCart, setOnHand, stockRow, unitsOrdered } from "../guarantees/audit.ts";
import { freePort } from "../guarantees/server-process.ts";
import { address, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds, openTestDatabase } from "../support/database.ts";

// Behind a connection pooler in transaction mode (PgBouncer before 1.21, as Debian 12 ships it),
// consecutive transactions of one client connection may run on different server connections, so
// named prepared statements cannot be used: DATABASE_PREPARED_STATEMENTS=false is the setting for
// it. These tests run the checkout's guarantees through a real PgBouncer with that setting.

const onPostgres = databaseKinds().includes("postgres");

/** PgBouncer in transaction mode with two server connections, in front of `url`'s server. */
async function startPgBouncer(url: URL): Promise<{ port: number; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), "cw-pgbouncer-"));
  chmodSync(dir, 0o777); // it drops root for `postgres` and writes its log and pid here
  const port = await freePort();
  writeFileSync(join(dir, "users.txt"), `"${url.username}" ""\n`);
  writeFileSync(
    join(dir, "pgbouncer.ini"),
    `[databases]
* = host=${url.hostname} port=${url.port || 5432}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = trust
auth_file = ${join(dir, "users.txt")}
pool_mode = transaction
default_pool_size = 2
max_client_conn = 200
logfile = ${join(dir, "pgbouncer.log")}
pidfile = ${join(dir, "pgbouncer.pid")}
ignore_startup_parameters = extra_float_digits,options
`,
  );
  const asRoot = process.getuid?.() === 0;
  const child: ChildProcess = spawn(
    existsSync("/usr/sbin/pgbouncer") ? "/usr/sbin/pgbouncer" : "pgbouncer",
    [...(asRoot ? ["-u", "postgres"] : []), join(dir, "pgbouncer.ini")],
    { stdio: "ignore" },
  );
  const stop = () => {
    child.kill("SIGINT");
    rmSync(dir, { recursive: true, force: true });
  };
  for (let attempt = 0; ; attempt++) {
    const probe = new pg.Client({
      host: "127.0.0.1",
      port,
      user: url.username,
      database: url.pathname.slice(1),
    });
    try {
      await probe.connect();
      await probe.end();
      return { port, stop };
    } catch (error) {
      await probe.end().catch(() => {});
      if (attempt === 50) {
        stop();
        throw error;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

// PostgreSQL only: skipped without TEST_DATABASE_URL, as the other server-only suites (CI always sets it).
describe.skipIf(!onPostgres)("checkouts through PgBouncer in transaction mode on postgres", () => {
  let app: TestApp;
  let direct: Awaited<ReturnType<typeof openTestDatabase>>;
  let bouncer: Awaited<ReturnType<typeof startPgBouncer>>;

  beforeAll(async () => {
    direct = await openTestDatabase("postgres");
    const url = new URL(direct.url!);
    bouncer = await startPgBouncer(url);
    const viaBouncer = new URL(url);
    viaBouncer.hostname = "127.0.0.1";
    viaBouncer.port = String(bouncer.port);
    const database = await openDatabase({ url: viaBouncer.href, poolSize: 8, preparedStatements: false });
    app = await startTestApp("postgres", { database }, { DATABASE_PREPARED_STATEMENTS: "false" });
  });
  afterAll(async () => {
    await app?.close();
    bouncer?.stop();
    await direct?.close();
  });

  /** A cart with one line, ready to complete. */
  async function buyer(sku: string) {
    const created = await app.call("POST", "/store/carts", { body: { currency: "USD" } });
    const cartId: string = created.body.cart.id;
    const headers = { "x-cart-token": created.body.token as string };
    for (const [method, path, body] of [
      ["POST", "lines", { sku, quantity: 1 }],
      ["PUT", "contact", { email: "buyer@example.com" }],
      ["PUT", "shipping-address", address],
    ] as const) {
      const res = await app.call(method, `/store/carts/${cartId}/${path}`, { headers, body });
      if (res.status !== 200) throw new Error(`${path} failed: ${JSON.stringify(res.body)}`);
    }
    const options = await app.call("GET", `/store/carts/${cartId}/shipping-options`, { headers });
    const standard = options.body.find((o: { code: string }) => o.code === "standard");
    const chosen = await app.call("PUT", `/store/carts/${cartId}/shipping-method`, {
      headers,
      body: { methodId: standard.id },
    });
    if (chosen.status !== 200) throw new Error(`shipping-method failed: ${JSON.stringify(chosen.body)}`);
    return { cartId, headers, quantity: 1 };
  }

  it("sells 3 units to exactly 3 of 12 parallel buyers, one order per cart, through the pooler", async () => {
    await setOnHand(app, "HOODIE-FOREST", 3);
    const buyers = await Promise.all(Array.from({ length: 12 }, () => buyer("HOODIE-FOREST")));

    const responses = await Promise.all(buyers.map((b, i) => complete(app, b, `bouncer-${i}`)));

    const placed = await expectOneOrderPerCart(
      direct.db,
      buyers,
      buyers.map((cart, i) => ({ cart, res: responses[i]! })),
    );
    expect(placed).toBe(3);
    expect(await stockRow(direct.db, "HOODIE-FOREST")).toEqual({ onHand: 0, reserved: 0 });
    expect(await unitsOrdered(direct.db, "HOODIE-FOREST")).toBe(3);
  });

  it("replays a completion retried with the same key, and sends its confirmation email once", async () => {
    await setOnHand(app, "MUG-350", 5);
    const cart = await buyer("MUG-350");
    const first = await complete(app, cart, "bouncer-retry");
    const replay = await complete(app, cart, "bouncer-retry");
    expect(first.status).toBe(200);
    expect([replay.status, replay.body.id]).toEqual([200, first.body.id]);
    while ((await app.events.dispatchOnce()) > 0) {}
    await app.mail.runOnce();
    await app.mail.runOnce();
    const { rows } = (await direct.db.execute(
      sql`select count(*)::int as n from emails where order_id = ${first.body.id} and kind = 'order_confirmation' and status = 'sent'`,
    )) as unknown as { rows: { n: number }[] };
    expect(rows[0]!.n).toBe(1);
  });
});
