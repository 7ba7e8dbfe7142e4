import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { type Database, queryRows } from "./database.ts";

export const migrationsFolder = fileURLToPath(new URL("../../../migrations", import.meta.url));

/**
 * Applies pending migrations (drizzle-kit SQL files in /migrations). On a server, several
 * processes may start at once: an advisory lock lets one migrate while the others wait.
 */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === "pglite") {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  const db = database.db as unknown as NodePgDatabase;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7243901)`);
    await migratePg(tx as unknown as NodePgDatabase, { migrationsFolder });
  });
}

/** True when every migration in the folder is recorded as applied (for /ready). */
export async function isMigrated(database: Database, expected: number): Promise<boolean> {
  const rows = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  return Number(rows[0]?.n ?? 0) >= expected;
}
