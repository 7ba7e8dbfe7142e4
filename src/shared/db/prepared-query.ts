import { type Column, Param, type SQL, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Db } from "./database.ts";

/** What drizzle's prepared queries and sessions hold: the driver connection they run on. */
interface OnConnection {
  client: unknown;
}

/**
 * A query built once per process, then only executed with new values (drizzle's `.prepare()`
 * with `sql.placeholder`s), on any handle: the database or a transaction. Composing a statement
 * costs the builder more CPU than the driver spends sending it, and the statements of a checkout
 * have a fixed shape.
 *
 * A drizzle prepared query runs on the connection it was built on (its `client`). Built once per
 * driver (PGlite and node-postgres prepare differently), it is bound to each handle's connection
 * by a view that overrides only `client`: a transaction's statements then run inside it. Both
 * drivers keep the connection in that field (drizzle 0.45, as locked); test/db/prepared-query.test.ts
 * fails if an upgrade moves it (the statement would run outside the transaction).
 */
export function preparedQuery<T extends object>(build: (db: Db) => T): (db: Db) => T {
  const perDriver = new Map<unknown, T>();
  const perHandle = new WeakMap<Db, T>();
  return (db) => {
    let bound = perHandle.get(db);
    if (bound !== undefined) return bound;
    const session = db._.session as unknown as OnConnection;
    let built = perDriver.get(session.constructor);
    if (built === undefined) {
      built = build(db);
      perDriver.set(session.constructor, built);
    }
    bound =
      (built as unknown as OnConnection).client === session.client
        ? built
        : (Object.create(built, { client: { value: session.client } }) as T);
    perHandle.set(db, bound);
    return bound;
  };
}

/**
 * A named placeholder for a column's value where the builder takes no placeholder (`.set()`),
 * encoded as the column encodes its values (JSON, dates) when the query runs; null stays null.
 */
export function placeholderFor(column: Column, name: string): SQL {
  const encoder = {
    mapToDriverValue: (value: unknown) => (value === null ? null : column.mapToDriverValue(value)),
  };
  return sql`${new Param(sql.placeholder(name), encoder)}`;
}

const dialect = new PgDialect();

/**
 * Raw SQL with `sql.placeholder`s as a prepared query, for statements the builder cannot say
 * (data-modifying CTEs); use inside `preparedQuery`. `execute(values)` answers `{ rows }` on both
 * drivers, rows as the driver returns them (column names, no mapping).
 */
export function prepareSql<Row>(db: Db, query: SQL, name: string) {
  return db._.session.prepareQuery<{ execute: { rows: Row[] }; all: unknown; values: unknown }>(
    dialect.sqlToQuery(query),
    undefined,
    name,
    false,
  );
}
