import { rebuildAnalytics } from "../modules/analytics/index.ts";
import { systemClock } from "../shared/clock.ts";
import { openDatabase, pgliteDir } from "../shared/db/database.ts";
import { migrateDatabase } from "../shared/db/migrate.ts";
import { createLogger } from "../shared/logger.ts";
import { loadConfig } from "./config.ts";

/**
 * `npm run analytics:backfill`: rebuilds the analytics tables from the stored step views and the
 * outbox (which keeps every event), then exits. Safe beside a running service: one transaction,
 * and the live consumer skips every event the rebuild consumed.
 */
const config = loadConfig();
const log = createLogger(config.LOG_LEVEL);
const database = await openDatabase({
  url: config.DATABASE_URL,
  dataDir: pgliteDir(config.DATA_DIR),
  poolSize: 1,
});
await migrateDatabase(database);
const report = await rebuildAnalytics({ db: database.db, clock: systemClock, log });
await database.close();
process.stderr.write(`Analytics rebuilt from ${report.events} events and ${report.stepViews} step views.\n`);
