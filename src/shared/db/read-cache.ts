import { PgTransaction } from "drizzle-orm/pg-core";
import type { Db } from "./database.ts";

/**
 * A short-lived cache for reference data that every cart read needs and merchants rarely change
 * (catalog facts, shipping configuration, automatic promotions). One per module; its rules:
 *
 * - A change made through the owning module in this process is seen at once: every write
 *   function is wrapped in `changes`, which drops all cached reads before and after it runs (a
 *   read that raced the write cannot survive it).
 * - Another process (scale-out) sees a change within `ttlMs`, the same as a shopper who read the
 *   cart that long before. What is decided for good (the saga's prices, totals and stock) is
 *   read inside a transaction, and reads inside a transaction always go to the database.
 * - Entries are kept per database object; past `maxEntries` the oldest go first.
 */
export interface ReadCache {
  /** The cached value of `key`, or `load()` (shared by parallel callers while it runs). */
  read<T>(db: Db, key: string, load: () => Promise<T>): Promise<T>;
  /**
   * Several keys at once: one `loadMissing` call for those not cached. Keys it leaves out are
   * cached as absent.
   */
  readMany<T>(
    db: Db,
    keys: readonly string[],
    loadMissing: (keys: string[]) => Promise<Map<string, T>>,
  ): Promise<Map<string, T>>;
  /** Wraps a function that writes what this cache holds. */
  changes<A extends unknown[], R>(write: (...args: A) => Promise<R>): (...args: A) => Promise<R>;
}

interface Entry {
  generation: number;
  until: number;
  value: Promise<unknown>;
}

const everyCache: { forget(): void }[] = [];

/** Drops every cached read in this process (tests that empty a database in place). */
export function forgetCachedReads(): void {
  for (const cache of everyCache) cache.forget();
}

export function createReadCache(options: {
  ttlMs: number;
  maxEntries: number;
  /** Milliseconds on a monotonic clock (tests pass their own). */
  now?: () => number;
}): ReadCache {
  const clock = options.now ?? (() => performance.now());
  let generation = 0;
  const perDb = new WeakMap<object, Map<string, Entry>>();
  everyCache.push({ forget: () => generation++ });

  const entriesOf = (db: Db) => {
    let entries = perDb.get(db);
    if (!entries) {
      entries = new Map();
      perDb.set(db, entries);
    }
    return entries;
  };
  const fresh = (entry: Entry | undefined, now: number): entry is Entry =>
    entry !== undefined && entry.generation === generation && entry.until > now;
  const remember = (entries: Map<string, Entry>, key: string, value: Promise<unknown>, now: number) => {
    const entry = { generation, until: now + options.ttlMs, value };
    entries.delete(key);
    entries.set(key, entry);
    for (const oldest of entries.keys()) {
      if (entries.size <= options.maxEntries) break;
      entries.delete(oldest);
    }
    // A failed read is not kept.
    value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
  };

  return {
    read<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
      if (db instanceof PgTransaction) return load();
      const entries = entriesOf(db);
      const now = clock();
      const hit = entries.get(key);
      if (fresh(hit, now)) return hit.value as Promise<T>;
      // A drizzle query is a thenable that runs again on every await: settle it once, into a Promise.
      const value = (async () => load())();
      remember(entries, key, value, now);
      return value;
    },

    async readMany<T>(
      db: Db,
      keys: readonly string[],
      loadMissing: (keys: string[]) => Promise<Map<string, T>>,
    ): Promise<Map<string, T>> {
      if (db instanceof PgTransaction) return loadMissing([...new Set(keys)]);
      const entries = entriesOf(db);
      const now = clock();
      const pending = new Map<string, Promise<unknown>>();
      const missing: string[] = [];
      for (const key of new Set(keys)) {
        const hit = entries.get(key);
        if (fresh(hit, now)) pending.set(key, hit.value);
        else missing.push(key);
      }
      if (missing.length > 0) {
        const loaded = (async () => loadMissing(missing))();
        for (const key of missing) {
          const value = loaded.then((found) => found.get(key));
          pending.set(key, value);
          remember(entries, key, value, now);
        }
      }
      const out = new Map<string, T>();
      for (const [key, value] of pending) {
        const found = (await value) as T | undefined;
        if (found !== undefined) out.set(key, found);
      }
      return out;
    },

    changes(write) {
      return async (...args) => {
        generation++;
        try {
          return await write(...args);
        } finally {
          generation++;
        }
      };
    },
  };
}
