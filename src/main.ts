import { type App, createApp } from "./app/app.ts";
import { ConfigError, loadConfig } from "./app/config.ts";
import { generateDemoHistory, hasNoOrderHistory, isDemoHistoryOn, TravelClock } from "./app/demo-history.ts";
import { seedDemo } from "./app/seed-demo.ts";

/** Starts Cartwright: config, storage and migrations, demo data, HTTP server, workers. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  let seededKey: string | undefined;
  if (config.SEED_DEMO) {
    const { apiKey } = await seedDemo(app.ctx);
    seededKey = apiKey;
    if (apiKey) {
      process.stderr.write(
        `\n  Admin API key (shown once, keep it): ${apiKey}\n  Use it as: Authorization: Bearer ${apiKey}\n\n`,
      );
    }
  }
  await app.server.listen({ port: config.PORT, host: config.HOST });
  const shown = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST;
  process.stderr.write(
    `\n  Cartwright is running: http://${shown}:${config.PORT}  (API reference: /docs)\n\n`,
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  if (isDemoHistoryOn(config) && (await hasNoOrderHistory(app))) {
    await fillDemoHistory(app, seededKey);
  }
  // Workers start after the history: the sweeper on today's clock would otherwise abandon and
  // resolve the history's back-dated carts and attempts while they are being written.
  app.startWorkers();
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
