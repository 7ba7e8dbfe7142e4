import { createApp } from "./app/app.ts";
import { ConfigError, loadConfig } from "./app/config.ts";
import { seedDemo } from "./app/seed-demo.ts";

/** Starts Cartwright: config, storage and migrations, demo data, HTTP server, workers. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  if (config.SEED_DEMO) {
    const { apiKey } = await seedDemo(app.ctx);
    if (apiKey) {
      process.stderr.write(
        `\n  Admin API key (shown once, keep it): ${apiKey}\n  Use it as: Authorization: Bearer ${apiKey}\n\n`,
      );
    }
  }
  app.startWorkers();
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
