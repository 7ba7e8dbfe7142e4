/**
 * SQL round trips per checkout step, counted exactly: the app runs in this process on a fresh
 * PostgreSQL database with every `pg` query wrapped. The same journey as `npm run bench`, after
 * one warm-up checkout (caches filled, as in steady state). Workers are off; the background work
 * a checkout causes (outbox dispatch to subscribers, the confirmation email, webhooks) is then
 * driven once by hand and counted as its own line.
 *
 *   npm run bench:queries                # counts per step
 *   npm run bench:queries -- --sql       # … and each step's statements
 */
import pg from "pg";
import { pino } from "pino";
import { createApp } from "../src/app/app.ts";
import { loadConfig } from "../src/app/config.ts";
import { seedDemo } from "../src/app/seed-demo.ts";
import { injectCaller, type Step, shopperAddress } from "./bench-server.ts";

const showSql = process.argv.includes("--sql");
const adminUrl = "postgres://postgres@127.0.0.1:5432/postgres";
const name = `cw_bench_q_${process.pid}`;

let log: string[] | undefined;
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const config = args[0] as string | { text: string };
  log?.push(typeof config === "string" ? config : config.text);
  return (original as (...a: unknown[]) => unknown).apply(this, args);
} as typeof original;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = adminUrl.replace(/\/postgres$/, `/${name}`);
const app = await createApp(loadConfig({ DATABASE_URL: url, LOG_LEVEL: "silent" }), {
  log: pino({ level: "silent" }),
});
await seedDemo(app.ctx);

const call = injectCaller(app.server);

type Counted = Step | "background";

/** Drains the outbox, the email queue and the webhook queue, as the workers would. */
async function background() {
  while ((await app.events.dispatchOnce()) > 0) {}
  await app.mail.runOnce();
  await app.webhooks.runOnce();
}

async function checkout(counts?: Map<Counted, string[]>) {
  const measured = async <T>(step: Counted, run: () => Promise<T>): Promise<T> => {
    log = [];
    const result = await run();
    counts?.set(step, [...(counts.get(step) ?? []), ...log]);
    log = undefined;
    return result;
  };
  const created = await measured("create_cart", () => call("POST", "/store/carts", { currency: "USD" }));
  const headers = { "x-cart-token": created.token };
  const base = `/store/carts/${created.cart.id}`;
  for (const line of [
    { sku: "TEE-M", quantity: 1 },
    { sku: "MUG-350", quantity: 1 },
  ]) {
    await measured("add_line", () => call("POST", `${base}/lines`, line, headers));
  }
  await measured("contact", () => call("PUT", `${base}/contact`, { email: "bench@example.com" }, headers));
  await measured("address", () => call("PUT", `${base}/shipping-address`, shopperAddress, headers));
  const options = await measured("shipping_options", () =>
    call("GET", `${base}/shipping-options`, undefined, headers),
  );
  const standard = (options as { id: string; code: string }[]).find((o) => o.code === "standard")!;
  await measured("shipping_method", () =>
    call("PUT", `${base}/shipping-method`, { methodId: standard.id }, headers),
  );
  await measured("complete", () =>
    call(
      "POST",
      `${base}/complete`,
      { payment: { provider: "test", token: "tok_visa" } },
      { ...headers, "idempotency-key": `q-${Math.random()}` },
    ),
  );
  await measured("background", background);
}

try {
  await checkout();
  const counts = new Map<Counted, string[]>();
  await checkout(counts);
  let total = 0;
  for (const [step, statements] of counts) {
    total += statements.length;
    process.stdout.write(`${step.padEnd(17)} ${String(statements.length).padStart(4)}\n`);
    if (showSql)
      for (const text of statements) process.stdout.write(`    ${text.replace(/\s+/g, " ").slice(0, 220)}\n`);
  }
  process.stdout.write(`${"total".padEnd(17)} ${String(total).padStart(4)}\n`);
} finally {
  await app.close();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
