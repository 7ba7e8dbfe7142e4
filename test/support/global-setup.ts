import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/shared/db/database.ts";
import { migrateDatabase } from "../../src/shared/db/migrate.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplatePath: string;
    postgresTemplate: { adminUrl: string; template: string } | null;
  }
}

/**
 * Migrates once per run, then every test file clones: a PGlite data-dir tarball, and (when
 * TEST_DATABASE_URL is set) a PostgreSQL template database. Creating a database from either
 * takes milliseconds instead of seconds.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), "cartwright-test-"));
  const embedded = await openDatabase({ dataDir: "memory://" });
  await migrateDatabase(embedded);
  const client = (embedded.db as unknown as { $client: { dumpDataDir(c: string): Promise<Blob> } }).$client;
  const dump = await client.dumpDataDir("none");
  const pgliteTemplatePath = join(dir, "template.tar");
  writeFileSync(pgliteTemplatePath, Buffer.from(await dump.arrayBuffer()));
  await embedded.close();
  project.provide("pgliteTemplatePath", pgliteTemplatePath);

  let postgresTemplate: { adminUrl: string; template: string } | null = null;
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = `cw_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    await admin.end();
    const server = await openDatabase({ url: withDatabase(url, template), poolSize: 1 });
    await migrateDatabase(server);
    await server.close();
    postgresTemplate = { adminUrl: url, template };
  }
  project.provide("postgresTemplate", postgresTemplate);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (postgresTemplate) {
      const admin = new pg.Client({ connectionString: postgresTemplate.adminUrl });
      await admin.connect();
      const { rows } = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like 'cw_t_${process.pid}_%' or datname = $1`,
        [postgresTemplate.template],
      );
      for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
      await admin.end();
    }
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
