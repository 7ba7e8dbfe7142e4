import type { Db } from "../../shared/db/database.ts";
import { createReadCache } from "../../shared/db/read-cache.ts";

/**
 * Shipping configuration (methods, zone rates, pickup locations, the warehouse and holidays) is
 * read by every cart read, several times per checkout, and changes a few times a year. Reads
 * are kept for at most 5 s; every write function of this module is wrapped in
 * `changesShippingConfig`, so this process sees its own changes at once (see ReadCache).
 * Placed orders keep their snapshot either way (G4).
 */
const shippingConfig = createReadCache({ ttlMs: 5_000, maxEntries: 1_000 });

/** Transactions that asked for cached shipping configuration, with the database they run on. */
const cachedIn = new WeakMap<object, Db>();
/** Cached reads that have answered: only those are served inside a transaction. */
const settled = new WeakSet<Promise<unknown>>();

export function cachedConfig<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  const root = cachedIn.get(db);
  let missed = false;
  const read = shippingConfig.read(root ?? db, key, () => {
    missed = true;
    return load();
  });
  if (!settled.has(read))
    read.then(
      () => settled.add(read),
      () => {},
    );
  // Another caller's read still running may wait for a connection (on PGlite, for this very
  // transaction): a transaction never waits for it, it reads for itself.
  if (root && !missed && !settled.has(read)) return load();
  return read;
}

/**
 * Lets shipping configuration read inside `tx` come from the per-process cache of `db` (at most
 * 5 s old, and never older than this process's own changes), instead of the database. Opt-in,
 * for the checkout saga: the shopper's address and method steps priced shipping from this same
 * cache, and the saga refuses a total other than the one the shopper saw. See
 * docs/decisions/025-read-caches-and-round-trips.md. A miss is read on `tx` and cached.
 */
export function readShippingConfigFromCache(tx: Db, db: Db): void {
  cachedIn.set(tx, db);
}

export const changesShippingConfig = shippingConfig.changes;
