import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db } from "../../shared/db/database.ts";

/**
 * Shipping configuration (methods, zone rates, pickup locations, the warehouse and holidays) is
 * read by every cart read, several times per checkout, and changes a few times a year. Reads
 * through this cache are kept per database for at most CACHE_MS.
 *
 * - A change made through this module in this process is seen at once: every write function is
 *   wrapped in `changesShippingConfig`, which drops all cached reads when it returns.
 * - Another process (scale-out) sees a change within CACHE_MS, the same as a shopper who read
 *   the cart that long before. Placed orders keep their snapshot either way (G4).
 * - Reads inside a transaction go to the database: they are rare (saga prepare, choosing a
 *   method) and keyed caches cannot tell a transaction's database apart.
 */
const CACHE_MS = 5_000;

let generation = 0;
const caches = new WeakMap<
  object,
  Map<string, { generation: number; until: number; value: Promise<unknown> }>
>();

export async function cachedConfig<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  if (db instanceof PgTransaction) return load();
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const now = performance.now();
  const hit = cache.get(key);
  if (hit && hit.generation === generation && hit.until > now) return hit.value as Promise<T>;
  // The promise is kept, so parallel requests share one read; a failed read is not kept. A
  // drizzle query is a thenable that runs again on every await: settle it once, into a Promise.
  const value = (async () => load())();
  const entry = { generation, until: now + CACHE_MS, value };
  cache.set(key, entry);
  value.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return value;
}

/** Wraps a function that writes shipping configuration: cached reads are dropped once it returns. */
export function changesShippingConfig<A extends unknown[], R>(
  write: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    generation++;
    try {
      return await write(...args);
    } finally {
      generation++;
    }
  };
}
