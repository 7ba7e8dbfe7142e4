/**
 * Where a checkout's CPU goes, step by step: the app runs in this process on a fresh PostgreSQL
 * database, and sequential checkouts (the journey of `npm run bench`, then the background work
 * they cause, driven by hand) are timed with process.cpuUsage around each step. Workers are off.
 * CPU of this process only (the database's is in `npm run bench:compare`); sequential, so figures
 * are higher than the per-checkout CPU of a busy server, which batches its background work.
 *
 *   npm run bench:steps                       # 200 checkouts after 30 to warm up
 *   npm run bench:steps -- --checkouts 500
 */
import pg from "pg";
import { pino } from "pino";
import { createApp } from "../src/app/app.ts";
import { loadConfig } from "../src/app/config.ts";
import { seedDemo } from "../src/app/seed-demo.ts";
import { injectCaller, numberOption, raiseAllStock, shopperAddress } from "./bench-server.ts";

const checkouts = numberOption(process.argv.slice(2), "--checkouts", 200);
const adminUrl = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `cw_bench_steps_${process.pid}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
const app = await createApp(loadConfig({ DATABASE_URL: url, LOG_LEVEL: "silent" }), {
  log: pino({ level: "silent" }),
});
await seedDemo(app.ctx);
await raiseAllStock(url);

const spent = new Map<string, number>();
async function step<T>(label: string, run: () => Promise<T>): Promise<T> {
  const before = process.cpuUsage();
  const result = await run();
  const used = process.cpuUsage(before);
  spent.set(label, (spent.get(label) ?? 0) + (used.user + used.system) / 1000);
  return result;
}

const inject = injectCaller(app.server);
const call = (
  label: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => step(label, () => inject(method, path, body, headers));

let serial = 0;
async function checkout(): Promise<void> {
  const created = await call("create_cart", "POST", "/store/carts", { currency: "USD" });
  const headers = { "x-cart-token": created.token };
  const cart = `/store/carts/${created.cart.id}`;
  await call("add_line (2)", "POST", `${cart}/lines`, { sku: "TEE-M", quantity: 1 }, headers);
  await call("add_line (2)", "POST", `${cart}/lines`, { sku: "MUG-350", quantity: 1 }, headers);
  await call("contact", "PUT", `${cart}/contact`, { email: "bench@example.com" }, headers);
  await call("address", "PUT", `${cart}/shipping-address`, shopperAddress, headers);
  const options: { id: string; code: string }[] = await call(
    "shipping_options",
    "GET",
    `${cart}/shipping-options`,
    undefined,
    headers,
  );
  const standard = options.find((o) => o.code === "standard")!;
  await call("shipping_method", "PUT", `${cart}/shipping-method`, { methodId: standard.id }, headers);
  await call(
    "complete",
    "POST",
    `${cart}/complete`,
    { payment: { provider: "test", token: "tok_visa" } },
    { ...headers, "idempotency-key": `steps-${serial++}` },
  );
  await step("events (outbox → subscribers)", async () => {
    while ((await app.events.dispatchOnce()) > 0) {}
  });
  await step("email (receipt PDF, MIME, file)", () => app.mail.runOnce());
  await step("webhooks", () => app.webhooks.runOnce());
}

try {
  for (let i = 0; i < 30; i++) await checkout();
  spent.clear();
  const before = process.cpuUsage();
  for (let i = 0; i < checkouts; i++) await checkout();
  const used = process.cpuUsage(before);
  process.stdout.write(`CPU ms per checkout, ${checkouts} sequential checkouts (this process)\n`);
  for (const [label, ms] of spent)
    process.stdout.write(`${label.padEnd(34)} ${(ms / checkouts).toFixed(2).padStart(7)}\n`);
  const total = (used.user + used.system) / 1000 / checkouts;
  process.stdout.write(`${"total".padEnd(34)} ${total.toFixed(2).padStart(7)}\n`);
  process.stdout.write(
    `${JSON.stringify({ checkouts, ...Object.fromEntries([...spent].map(([k, v]) => [k, +(v / checkouts).toFixed(2)])), total: +total.toFixed(2) })}\n`,
  );
} finally {
  await app.close();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
process.exit(0);
