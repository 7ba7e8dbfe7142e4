import { createReadCache } from "../../shared/db/read-cache.ts";

/**
 * The automatic promotions are read by every cart read. Outside a transaction they come from
 * this cache; the saga evaluates inside its transaction, from the database, and redemption
 * enforces limits atomically. Every write of promotions or their usage is wrapped in
 * `changesPromotions`, so this process sees its own changes at once; another process within
 * 5 s (see ReadCache).
 */
export const promotionReads = createReadCache({ ttlMs: 5_000, maxEntries: 100 });

export const changesPromotions = promotionReads.changes;
