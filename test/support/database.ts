import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../src/shared/db/database.ts";
import { withDatabase } from "./global-setup.ts";

export type DatabaseKind = "pglite" | "postgres";

/**
 * The databases every database-backed suite runs on: PGlite always, PostgreSQL when
 * TEST_DATABASE_URL is set (CI always sets it). Use with describe.each.
 */
export function databaseKinds(): DatabaseKind[] {
  return inject("postgresTemplate") ? ["pglite", "postgres"] : ["pglite"];
}

/** A fresh, migrated, empty database of that kind, cloned from the run's template. */
export async function openTestDatabase(
  kind: DatabaseKind,
  options: { poolSize?: number } = {},
): Promise<Database & { url?: string }> {
  if (kind === "pglite") {
    const tarball = new Blob([readFileSync(inject("pgliteTemplatePath"))]);
    return openDatabase({ dataDir: "memory://", pgliteTemplate: tarball });
  }
  const template = inject("postgresTemplate");
  if (!template) throw new Error("TEST_DATABASE_URL is not set");
  const name = `cw_t_${template.template.slice(7)}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: template.adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${template.template}`);
  await admin.end();
  const url = withDatabase(template.adminUrl, name);
  const database = await openDatabase({ url, poolSize: options.poolSize ?? 20 });
  return {
    ...database,
    url,
    async close() {
      await database.close();
      const again = new pg.Client({ connectionString: template.adminUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}
