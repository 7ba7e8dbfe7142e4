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

export function cachedConfig<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  return shippingConfig.read(db, key, load);
}

export const changesShippingConfig = shippingConfig.changes;
