import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { NamingClient, UnnamedClient } from "./named-statements.ts";

/** The query builder every module uses; the same type for a transaction and the database. */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface Database {
  readonly db: Db;
  readonly kind: "pglite" | "postgres";
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL of a server; when absent the embedded PGlite database is used. */
  url?: string | undefined;
  /** Where PGlite keeps its files; `memory://` keeps nothing. */
  dataDir?: string;
  poolSize?: number;
  /**
   * Name parameterised statements so each connection parses and plans them once (default on).
   * Off for a connection pooler that cannot follow prepared statements across its connections.
   */
  preparedStatements?: boolean;
  /** A tarball made by PGlite's dumpDataDir (tests start from a migrated template). */
  pgliteTemplate?: Blob;
}

/** Opens PostgreSQL: a server when a URL is given, otherwise embedded PGlite. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      Client: options.preparedStatements === false ? UnnamedClient : NamingClient,
    });
    // An idle client losing its server (restart, failover) must not crash the process (G18).
    pool.on("error", () => {});
    return { db: drizzlePg(pool) as unknown as Db, kind: "postgres", close: () => pool.end() };
  }
  const dir = options.dataDir ?? "memory://";
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const client = options.pgliteTemplate
    ? new PGlite(dir, { loadDataDir: options.pgliteTemplate })
    : new PGlite(dir);
  await client.waitReady;
  return { db: drizzlePglite(client) as unknown as Db, kind: "pglite", close: () => client.close() };
}

export function pgliteDir(dataDir: string): string {
  return join(dataDir, "pglite");
}

/** Raw SQL returning rows; both drivers answer `{ rows }`. For what the query builder cannot say. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
