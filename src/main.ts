import cluster from "node:cluster";
import { forkApiProcesses, waitForBackgroundWork } from "./app/api-processes.ts";
import { type App, createApp } from "./app/app.ts";
import { type Config, ConfigError, loadConfig } from "./app/config.ts";
import { generateDemoHistory, hasNoOrderHistory, isDemoHistoryOn, TravelClock } from "./app/demo-history.ts";
import { seedDemo } from "./app/seed-demo.ts";

/** Starts Cartwright: one process, or with API_PROCESSES > 1 a primary and its API processes. */
async function main(): Promise<void> {
  const config = loadConfig();
  // A cluster worker with API_PROCESSES 1 was forked by someone else (pm2's cluster mode, say):
  // it runs whole, as before.
  if (config.API_PROCESSES === 1) await runSingleProcess(config);
  else if (cluster.isPrimary) await runPrimary(config);
  else await runApiProcess(config);
}

/** Config, storage and migrations, demo data, HTTP server, background work: all in this process. */
async function runSingleProcess(config: Config): Promise<void> {
  const { app, seededKey } = await prepare(config);
  await app.server.listen({ port: config.PORT, host: config.HOST });
  announce(config);
  stopOnSignals(() => app.close(), { forceOnRepeat: true });
  if (isDemoHistoryOn(config) && (await hasNoOrderHistory(app))) {
    await fillDemoHistory(app, seededKey);
  }
  // Workers start after the history: the sweeper on today's clock would otherwise abandon and
  // resolve the history's back-dated carts and attempts while they are being written.
  app.startWorkers();
}

/**
 * The primary of API_PROCESSES processes: migrates and seeds once, forks the API processes (they
 * share the port), writes the demo history once, then lets them start their background work.
 * It serves no request itself and keeps no database connection once the history is written.
 */
async function runPrimary(config: Config): Promise<void> {
  const { app, seededKey } = await prepare(config);
  let closed: Promise<void> | undefined;
  const closeApp = () => (closed ??= app.close());
  const processes = forkApiProcesses(config.API_PROCESSES, app.ctx.log.child({ part: "api-processes" }));
  const stop = async () => {
    await processes.stop();
    await closeApp();
  };
  stopOnSignals(stop, { forceOnRepeat: true });
  try {
    await processes.ready;
  } catch (error) {
    await stop();
    throw error;
  }
  announce(config);
  if (isDemoHistoryOn(config) && (await hasNoOrderHistory(app))) {
    await fillDemoHistory(app, seededKey);
  }
  await closeApp();
  processes.startBackgroundWork();
}

/** One of the primary's API processes: serves requests; background work once the primary allows. */
async function runApiProcess(config: Config): Promise<void> {
  const allowed = waitForBackgroundWork();
  // Migrations already ran in the primary: here they find nothing to do.
  const app = await createApp(config);
  await app.server.listen({ port: config.PORT, host: config.HOST });
  // The terminal's SIGINT and the primary's SIGTERM both arrive on Ctrl-C: the first one counts.
  stopOnSignals(() => app.close(), { forceOnRepeat: false });
  await allowed;
  app.startWorkers();
}

/** Opens the app (which migrates) and seeds the demo store into an empty database. */
async function prepare(config: Config): Promise<{ app: App; seededKey: string | undefined }> {
  const app = await createApp(config);
  if (!config.SEED_DEMO) return { app, seededKey: undefined };
  const { apiKey } = await seedDemo(app.ctx);
  if (apiKey) {
    process.stderr.write(
      `\n  Admin API key (shown once, keep it): ${apiKey}\n  Use it as: Authorization: Bearer ${apiKey}\n\n`,
    );
  }
  return { app, seededKey: apiKey };
}

function announce(config: Config): void {
  const shown = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST;
  const processes = config.API_PROCESSES > 1 ? `, ${config.API_PROCESSES} API processes` : "";
  process.stderr.write(
    `\n  Cartwright is running: http://${shown}:${config.PORT}  (API reference: /docs${processes})\n\n`,
  );
}

/**
 * Closes on SIGINT or SIGTERM, then exits. With `forceOnRepeat`, the same signal again exits at
 * once (a second Ctrl-C); API processes ignore repeats, since the primary, the terminal or a
 * service manager may each send one.
 */
function stopOnSignals(close: () => Promise<void>, { forceOnRepeat }: { forceOnRepeat: boolean }): void {
  let received: NodeJS.Signals | undefined;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (received === signal && forceOnRepeat) process.exit(1);
      if (received) return;
      received = signal;
      close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

/**
 * Writes 60 days of demo checkouts while the store already serves shoppers. The history runs
 * through a second app on the same database whose clock travels into the past, so live requests
 * keep today's date. Demo data is a nicety: a failure is reported and the store goes on.
 */
async function fillDemoHistory(app: App, adminKey: string | undefined): Promise<void> {
  const clock = new TravelClock();
  const history = await createApp(app.config, {
    clock,
    database: app.database,
    log: app.ctx.log.child({ part: "demo-history" }),
  });
  const started = Date.now();
  try {
    const report = await generateDemoHistory(history, clock, {
      checkouts: app.config.DEMO_HISTORY_CHECKOUTS,
      adminKey,
      onProgress: progressBar("Generating 60 days of demo checkouts (the store is already open)"),
    });
    process.stderr.write(
      `  Demo history: ${report.orders} orders from ${report.checkouts} checkouts (${report.declines} declined payments) in ${((Date.now() - started) / 1000).toFixed(1)} s. Turn off with DEMO_HISTORY=false.\n`,
    );
  } catch (error) {
    process.stderr.write(
      `\n  Demo history stopped: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  } finally {
    await history.close();
  }
}

/** A one-line progress bar on stderr (redrawn in place on a terminal, a few lines otherwise). */
function progressBar(label: string): (done: number, total: number) => void {
  const tty = process.stderr.isTTY;
  let lastShown = -1;
  return (done, total) => {
    const share = done / total;
    if (tty) {
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(
        `\r  ${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}${done === total ? "\n" : ""}`,
      );
    } else if (Math.floor(share * 4) > lastShown || done === total) {
      lastShown = Math.floor(share * 4);
      process.stderr.write(`  ${label}: ${done}/${total}\n`);
    }
  };
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `Cartwright failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
