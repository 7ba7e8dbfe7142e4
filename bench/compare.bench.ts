/**
 * CPU per checkout of two revisions, measured side by side in one process so that the machine's
 * drift (this VM's speed moves by ±20 % between runs a minute apart) hits both alike. The
 * baseline is checked out into a temporary git worktree; both apps run on fresh PostgreSQL
 * databases, and rounds of sequential checkouts (with their background work: outbox, email,
 * webhooks) alternate between them. Per checkout it reports the app's CPU (this process) and the
 * database's (the PostgreSQL backends serving each app), as medians and as the median of the
 * paired per-round ratios, which is the figure to trust.
 *
 *   npm run bench:compare                      # working tree against HEAD
 *   npm run bench:compare -- cd464e4           # working tree against a commit
 *   npm run bench:compare -- cd464e4 --rounds 30 --per-round 20
 */
import { execFileSync } from "node:child_process";
import { readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pg from "pg";
import { pino } from "pino";
import { injectCaller, numberOption, raiseAllStock, shopperAddress } from "./bench-server.ts";

const args = process.argv.slice(2);
const baseRef = args[0] && !args[0].startsWith("--") ? args[0] : "HEAD";
const rounds = numberOption(args, "--rounds", 20);
const perRound = numberOption(args, "--per-round", 20);
const adminUrl = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const here = resolve(import.meta.dirname, "..");

interface Side {
  label: string;
  checkout(): Promise<void>;
  backendCpuMs(): Promise<number>;
  close(): Promise<void>;
}

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();

/** CPU of the backends now serving database `name` (utime + stime; 100 ticks per second). */
async function backendCpuMs(name: string): Promise<number> {
  const { rows } = await admin.query<{ pid: number }>("select pid from pg_stat_activity where datname = $1", [
    name,
  ]);
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // a backend on another machine, or one that just exited: not counted
    }
  }
  return ticks * 10;
}

async function openSide(root: string, label: string): Promise<Side> {
  const { createApp } = await import(join(root, "src/app/app.ts"));
  const { loadConfig } = await import(join(root, "src/app/config.ts"));
  const { seedDemo } = await import(join(root, "src/app/seed-demo.ts"));
  const name = `cw_bench_cmp_${label}_${process.pid}`;
  await admin.query(`create database ${name}`);
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const app = await createApp(loadConfig({ DATABASE_URL: url, LOG_LEVEL: "silent" }), {
    log: pino({ level: "silent" }),
  });
  await seedDemo(app.ctx);
  await raiseAllStock(url);
  const call = injectCaller(app.server, `${label}: `);
  let serial = 0;
  return {
    label,
    async checkout() {
      const created = await call("POST", "/store/carts", { currency: "USD" });
      const headers = { "x-cart-token": created.token };
      const cart = `/store/carts/${created.cart.id}`;
      await call("POST", `${cart}/lines`, { sku: "TEE-M", quantity: 1 }, headers);
      await call("POST", `${cart}/lines`, { sku: "MUG-350", quantity: 1 }, headers);
      await call("PUT", `${cart}/contact`, { email: "bench@example.com" }, headers);
      await call("PUT", `${cart}/shipping-address`, shopperAddress, headers);
      const options: { id: string; code: string }[] = await call(
        "GET",
        `${cart}/shipping-options`,
        undefined,
        headers,
      );
      const standard = options.find((o) => o.code === "standard")!;
      await call("PUT", `${cart}/shipping-method`, { methodId: standard.id }, headers);
      await call(
        "POST",
        `${cart}/complete`,
        { payment: { provider: "test", token: "tok_visa" } },
        { ...headers, "idempotency-key": `cmp-${label}-${serial++}` },
      );
      while ((await app.events.dispatchOnce()) > 0) {}
      await app.mail.runOnce();
      await app.webhooks.runOnce();
    },
    backendCpuMs: () => backendCpuMs(name),
    async close() {
      await app.close();
      await admin.query(`drop database if exists ${name} with (force)`);
    },
  };
}

const worktree = join(tmpdir(), `cartwright-compare-${process.pid}`);
const git = (...a: string[]) => execFileSync("git", a, { cwd: here, encoding: "utf8" }).trim();
const baseCommit = git("rev-parse", "--short", baseRef);
git("worktree", "add", "--detach", worktree, baseRef);
symlinkSync(join(here, "node_modules"), join(worktree, "node_modules"));
const dirty = git("status", "--porcelain", "--untracked-files=no") !== "";
const sides: Side[] = [];
try {
  sides.push(await openSide(worktree, "base"));
  sides.push(await openSide(here, "work"));
  const [base, work] = sides as [Side, Side];
  process.stdout.write(
    `comparing ${baseRef} (${baseCommit}) with the working tree (${git("rev-parse", "--short", "HEAD")}${dirty ? " + changes" : ""}): ${rounds} rounds of ${perRound} checkouts each, alternating\n`,
  );
  for (const side of sides) for (let i = 0; i < 10; i++) await side.checkout(); // warm-up
  const app = new Map<Side, number[]>(sides.map((s) => [s, []]));
  const db = new Map<Side, number[]>(sides.map((s) => [s, []]));
  for (let r = 0; r < rounds; r++) {
    for (const side of r % 2 === 0 ? [base, work] : [work, base]) {
      const cpu = process.cpuUsage();
      const backends = await side.backendCpuMs();
      for (let i = 0; i < perRound; i++) await side.checkout();
      const used = process.cpuUsage(cpu);
      app.get(side)!.push((used.user + used.system) / 1000 / perRound);
      db.get(side)!.push(((await side.backendCpuMs()) - backends) / perRound);
    }
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const ratio = (m: Map<Side, number[]>) => median(m.get(work)!.map((w, i) => w / m.get(base)![i]!));
  const row = (label: string, a: number, d: number) =>
    `${label.padEnd(22)} ${a.toFixed(2).padStart(8)} ${d.toFixed(2).padStart(8)} ${(a + d).toFixed(2).padStart(8)}\n`;
  process.stdout.write(
    `\n${"CPU ms per checkout".padEnd(22)} ${"app".padStart(8)} ${"database".padStart(8)} ${"both".padStart(8)}\n`,
  );
  process.stdout.write(row(`${baseRef} (${baseCommit})`, median(app.get(base)!), median(db.get(base)!)));
  process.stdout.write(row("working tree", median(app.get(work)!), median(db.get(work)!)));
  const both = (side: Side) => app.get(side)!.map((a, i) => a + db.get(side)![i]!);
  const bothRatio = median(both(work).map((w, i) => w / both(base)[i]!));
  process.stdout.write(
    `paired ratio (working tree / base, median of rounds): app ${ratio(app).toFixed(3)}, database ${ratio(db).toFixed(3)}, both ${bothRatio.toFixed(3)}\n`,
  );
  process.stdout.write(
    `${JSON.stringify({
      base: baseCommit,
      rounds,
      perRound,
      baseAppCpuMs: +median(app.get(base)!).toFixed(2),
      baseDbCpuMs: +median(db.get(base)!).toFixed(2),
      workAppCpuMs: +median(app.get(work)!).toFixed(2),
      workDbCpuMs: +median(db.get(work)!).toFixed(2),
      appRatio: +ratio(app).toFixed(3),
      dbRatio: +ratio(db).toFixed(3),
      bothRatio: +bothRatio.toFixed(3),
    })}\n`,
  );
} finally {
  for (const side of sides) await side.close();
  await admin.end();
  git("worktree", "remove", "--force", worktree);
}
process.exit(0);
