import { openDatabase, pgliteDir } from "../shared/db/database.ts";
import { migrateDatabase } from "../shared/db/migrate.ts";
import { loadConfig } from "./config.ts";

/** `npm run db:migrate`: applies pending migrations to the configured database and exits. */
const config = loadConfig();
const database = await openDatabase({
  url: config.DATABASE_URL,
  dataDir: pgliteDir(config.DATA_DIR),
  poolSize: 1,
});
await migrateDatabase(database);
await database.close();
process.stderr.write(`Migrations applied (${database.kind}).\n`);
