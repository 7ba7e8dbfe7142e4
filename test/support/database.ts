import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../src/shared/db/database.ts";
import { forgetCachedReads } from "../../src/shared/db/read-cache.ts";
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
  if (kind === "pglite") return borrowPglite();
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

/**
 * PGlite instances are reused within a test file: starting one from the template costs seconds of
 * WASM start-up, emptying one costs milliseconds. "Closing" a borrowed instance puts it back the
 * way the template left it (rows, sequences, session state) for the next test to borrow.
 */
interface PooledPglite {
  database: Database;
  client: PGliteClient;
  /** Rows the migrations themselves inserted, per table, to put back after emptying. */
  seeded: { table: string; rows: string }[];
}

interface PGliteClient {
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

const idlePglite: PooledPglite[] = [];

async function borrowPglite(): Promise<Database> {
  const pooled = idlePglite.pop() ?? (await openPooledPglite());
  let returned = false;
  return {
    ...pooled.database,
    async close() {
      if (returned) return;
      returned = true;
      await resetPglite(pooled);
      idlePglite.push(pooled);
    },
  };
}

async function openPooledPglite(): Promise<PooledPglite> {
  const tarball = new Blob([readFileSync(inject("pgliteTemplatePath"))]);
  const database = await openDatabase({ dataDir: "memory://", pgliteTemplate: tarball });
  const client = (database.db as unknown as { $client: PGliteClient }).$client;
  const seeded: PooledPglite["seeded"] = [];
  for (const table of await userTables(client)) {
    const { rows } = await client.query<{ rows: string | null }>(
      `select json_agg(t)::text as rows from ${table} t`,
    );
    if (rows[0]?.rows) seeded.push({ table, rows: rows[0].rows });
  }
  return { database, client, seeded };
}

/** Every table outside the system and migration-journal schemas, quoted, including ones tests made. */
async function userTables(client: PGliteClient): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select format('%I.%I', schemaname, tablename) as name from pg_tables
      where schemaname not in ('pg_catalog', 'information_schema', 'drizzle')`,
  );
  return rows.map((r) => r.name);
}

async function resetPglite({ client, seeded }: PooledPglite): Promise<void> {
  // The next test's app must not see this one's catalog, shipping or promotions from a cache.
  forgetCachedReads();
  // A test may stop mid-transaction or holding session advisory locks; neither may leak.
  await client.exec("rollback; select pg_advisory_unlock_all();");
  await client.exec(`truncate ${(await userTables(client)).join(", ")} restart identity cascade;
    do $$ declare s record; begin
      for s in select schemaname, sequencename from pg_sequences loop
        execute format('alter sequence %I.%I restart', s.schemaname, s.sequencename);
      end loop;
    end $$;`);
  for (const { table, rows } of seeded) {
    await client.query(
      `insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`,
      [rows],
    );
  }
}
