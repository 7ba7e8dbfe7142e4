import type { Db } from "./database.ts";

/**
 * A query built once per database handle, then only executed with new values (drizzle's
 * `.prepare()` with `sql.placeholder`s). Composing a statement costs the builder more CPU than
 * the driver spends sending it, and the hottest reads of a checkout have a fixed shape. A
 * transaction is a handle of its own (its queries go to its connection): there the query is
 * built once per transaction, as an unprepared one would be.
 */
export function preparedQuery<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let query = built.get(db);
    if (query === undefined) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
