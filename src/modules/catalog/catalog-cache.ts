import { createReadCache } from "../../shared/db/read-cache.ts";

/**
 * Catalog facts (variants, prices, price rules, categories, relations) are read by every cart
 * read and change when a merchant edits the catalog. Cart reads outside a transaction use this
 * cache; the saga prices inside its transaction, from the database. Every write function of this
 * module is wrapped in `changesCatalog`, so this process sees its own changes at once; another
 * process within 5 s (see ReadCache).
 */
export const catalogReads = createReadCache({ ttlMs: 5_000, maxEntries: 50_000 });

export const changesCatalog = catalogReads.changes;
