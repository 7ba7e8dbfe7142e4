/**
 * Full checkouts over HTTP against a real server process, at several concurrencies, on PGlite
 * and on PostgreSQL. Each checkout: create cart, 2 lines, contact, address, shipping options,
 * shipping method, complete. Reports throughput, latency per step and server CPU per checkout.
 *
 *   npm run bench                       # both databases, concurrency 1, 16, 64, 10 s each
 *   npm run bench -- --db postgres --seconds 20 --concurrency 16 --json
 *   npm run bench -- --db postgres --concurrency 16 --profile   # server CPU profile, path printed
 *   npm run bench -- --db postgres --concurrency 16 --repeat 3  # median of 3 runs per level
 *   npm run bench -- --db postgres --processes 2   # API_PROCESSES=2; CPU summed over all processes
 */
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BenchDb,
  type BenchServer,
  numberOption,
  parseDbOption,
  percentile,
  readyCart,
  type Step,
  setStock,
  startBenchServer,
} from "./bench-server.ts";

const args = process.argv.slice(2);
const json = args.includes("--json");
const profileDir = args.includes("--profile")
  ? join(tmpdir(), `cartwright-profiles-${Date.now()}`)
  : undefined;
const seconds = numberOption(args, "--seconds", 10);
/** Runs per level; the median (by checkouts/s) is reported. */
const repeat = numberOption(args, "--repeat", 1);
const processes = numberOption(args, "--processes", 1);
const concurrencyAt = args.indexOf("--concurrency");
const concurrencies =
  concurrencyAt >= 0 ? (args[concurrencyAt + 1] ?? "").split(",").map(Number) : [1, 16, 64];
const lines = [
  { sku: "TEE-M", quantity: 1 },
  { sku: "MUG-350", quantity: 1 },
];

interface Figures {
  db: BenchDb;
  processes: number;
  concurrency: number;
  checkouts: number;
  checkoutsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  completeP99Ms: number;
  serverCpuMsPerCheckout: number;
  errors: number;
  steps: Record<Step, { p50: number; p99: number }>;
}

/** Runs checkouts with `concurrency` shoppers for `ms` (each shopper starts a new one until then). */
async function run(server: BenchServer, concurrency: number, ms: number, label: string): Promise<Figures> {
  const samples = new Map<Step, number[]>();
  const record = (step: Step, took: number) => {
    const list = samples.get(step) ?? [];
    list.push(took);
    samples.set(step, list);
  };
  const flows: number[] = [];
  let errors = 0;
  let serial = 0;
  const cpuBefore = server.cpuMs();
  const started = performance.now();
  const deadline = started + ms;
  const shopper = async () => {
    while (performance.now() < deadline) {
      const begun = performance.now();
      try {
        const cart = await readyCart(server, lines, record);
        const res = await server.call("POST", `/store/carts/${cart.cartId}/complete`, {
          headers: { ...cart.headers, "idempotency-key": `${label}-${serial++}` },
          body: { payment: { provider: "test", token: "tok_visa" } },
        });
        record("complete", res.ms);
        if (res.status !== 200) throw new Error(`complete: ${res.status} ${JSON.stringify(res.body)}`);
        flows.push(performance.now() - begun);
      } catch (error) {
        errors++;
        if (errors <= 3) process.stderr.write(`  error: ${(error as Error).message.slice(0, 300)}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, shopper));
  const elapsed = performance.now() - started;
  const cpu = server.cpuMs() - cpuBefore;
  const steps = Object.fromEntries(
    [...samples].map(([step, list]) => [step, { p50: percentile(list, 50), p99: percentile(list, 99) }]),
  ) as Figures["steps"];
  return {
    db: server.db,
    processes: server.processes,
    concurrency,
    checkouts: flows.length,
    checkoutsPerSec: flows.length / (elapsed / 1000),
    p50Ms: percentile(flows, 50),
    p99Ms: percentile(flows, 99),
    completeP99Ms: steps.complete?.p99 ?? Number.NaN,
    serverCpuMsPerCheckout: flows.length ? cpu / flows.length : Number.NaN,
    errors,
    steps,
  };
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const pad = (s: string | number, n: number) => String(s).padStart(n);

function printTable(all: Figures[]): void {
  const out = process.stdout;
  out.write(
    `\n${pad("db", 8)} ${pad("proc", 4)} ${pad("conc", 4)} ${pad("checkouts", 9)} ${pad("co/s", 7)} ${pad("p50 ms", 7)} ` +
      `${pad("p99 ms", 7)} ${pad("complete p99", 12)} ${pad("srv CPU ms/co", 13)} ${pad("errors", 6)}\n`,
  );
  for (const f of all) {
    out.write(
      `${pad(f.db, 8)} ${pad(f.processes, 4)} ${pad(f.concurrency, 4)} ${pad(f.checkouts, 9)} ${pad(round(f.checkoutsPerSec), 7)} ` +
        `${pad(round(f.p50Ms), 7)} ${pad(round(f.p99Ms), 7)} ${pad(round(f.completeP99Ms), 12)} ` +
        `${pad(round(f.serverCpuMsPerCheckout, 2), 13)} ${pad(f.errors, 6)}\n`,
    );
  }
  const steps: Step[] = [
    "create_cart",
    "add_line",
    "contact",
    "address",
    "shipping_options",
    "shipping_method",
    "complete",
  ];
  out.write(
    `\nper step, p50 / p99 ms\n${pad("db", 8)} ${pad("conc", 4)} ${steps.map((s) => pad(s, 17)).join("")}\n`,
  );
  for (const f of all) {
    out.write(
      `${pad(f.db, 8)} ${pad(f.concurrency, 4)} ${steps
        .map((s) =>
          pad(`${round(f.steps[s]?.p50 ?? Number.NaN)} / ${round(f.steps[s]?.p99 ?? Number.NaN)}`, 17),
        )
        .join("")}\n`,
    );
  }
}

async function main(): Promise<void> {
  process.stdout.write(
    `checkout benchmark: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}, ` +
      `${seconds} s per concurrency level, ${processes} API process${processes > 1 ? "es" : ""}\n`,
  );
  const all: Figures[] = [];
  for (const db of parseDbOption(args)) {
    process.stdout.write(`\nstarting a server on ${db}…\n`);
    const server = await startBenchServer(db, {
      processes,
      nodeArgs: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
    });
    try {
      for (const { sku } of lines) await setStock(server, sku, 10_000_000);
      await run(server, 4, 2_000, `${db}-warmup`); // JIT, connection pools, caches
      for (const concurrency of concurrencies) {
        const runs: Figures[] = [];
        for (let n = 1; n <= repeat; n++) {
          const figures = await run(server, concurrency, seconds * 1000, `${db}-c${concurrency}-${n}`);
          runs.push(figures);
          process.stdout.write(
            `  ${db} c=${concurrency}${repeat > 1 ? ` run ${n}/${repeat}` : ""}: ` +
              `${round(figures.checkoutsPerSec)} checkouts/s, complete p99 ${round(figures.completeP99Ms)} ms, ` +
              `server CPU ${round(figures.serverCpuMsPerCheckout, 2)} ms/checkout, ${figures.errors} errors\n`,
          );
        }
        // Runs on this VM spread by ±15 %: the run with the median throughput stands for the level.
        all.push(runs.sort((a, b) => a.checkoutsPerSec - b.checkoutsPerSec)[Math.floor(runs.length / 2)]!);
      }
    } finally {
      await server.stop();
    }
  }
  printTable(all);
  if (profileDir) process.stdout.write(`\nserver CPU profiles (open in Chrome DevTools): ${profileDir}\n`);
  if (json) {
    for (const f of all) {
      process.stdout.write(
        `${JSON.stringify({
          db: f.db,
          processes: f.processes,
          concurrency: f.concurrency,
          checkoutsPerSec: round(f.checkoutsPerSec),
          p50Ms: round(f.p50Ms),
          p99Ms: round(f.p99Ms),
          completeP99Ms: round(f.completeP99Ms),
          serverCpuMsPerCheckout: round(f.serverCpuMsPerCheckout, 2),
          errors: f.errors,
        })}\n`,
      );
    }
  }
}

main().catch((error) => {
  process.stderr.write(`benchmark failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
