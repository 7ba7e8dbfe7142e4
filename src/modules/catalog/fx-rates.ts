import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { exactRounding, type RoundingRule } from "./domain/convert-price.ts";
import { currencyRounding, fxRates } from "./schema.ts";

/** A rate quote: units of the quote currency per unit of the base currency, exact decimal. */
export interface FxQuote {
  rate: string;
  asOf: Date;
}

/**
 * Where exchange rates come from. Called on every re-price of a cart whose currency is not the
 * base currency (once per cart read, not per line): a remote source should cache.
 */
export interface FxRateProvider {
  getRate(db: Db, base: string, quote: string): Promise<FxQuote | null>;
}

/** The default source: the rates a merchant sets in the Admin API (catalog_fx_rates). */
export const adminFxRates: FxRateProvider = {
  async getRate(db, base, quote) {
    if (base === quote) return { rate: "1", asOf: new Date(0) };
    const [row] = await db.select().from(fxRates).where(eq(fxRates.currency, quote));
    return row ? { rate: normalizeRate(row.rate), asOf: row.updatedAt } : null;
  },
};

/** "0.920000000000" → "0.92": numeric columns come back padded to their scale. */
export function normalizeRate(rate: string): string {
  return rate.includes(".") ? rate.replace(/0+$/, "").replace(/\.$/, "") : rate;
}

export async function listFxRates(db: Db): Promise<{ currency: string; rate: string; updatedAt: Date }[]> {
  const rows = await db.select().from(fxRates).orderBy(fxRates.currency);
  return rows.map((r) => ({ ...r, rate: normalizeRate(r.rate) }));
}

/** Sets (or replaces) the rate for one currency against the base currency. */
export async function setFxRate(db: Db, currency: string, rate: string, at: Date): Promise<void> {
  await db
    .insert(fxRates)
    .values({ currency, rate, updatedAt: at })
    .onConflictDoUpdate({ target: fxRates.currency, set: { rate, updatedAt: at } });
}

export async function deleteFxRate(db: Db, currency: string): Promise<boolean> {
  const gone = await db.delete(fxRates).where(eq(fxRates.currency, currency)).returning();
  return gone.length > 0;
}

/** The rounding rule converted prices get in `currency`; to the minor unit when none is set. */
export async function findRoundingRule(db: Db, currency: string): Promise<RoundingRule> {
  const [row] = await db.select().from(currencyRounding).where(eq(currencyRounding.currency, currency));
  return row ? { increment: row.increment, ending: row.ending, mode: row.mode } : exactRounding;
}

export async function listRoundingRules(db: Db): Promise<(RoundingRule & { currency: string })[]> {
  return db.select().from(currencyRounding).orderBy(currencyRounding.currency);
}

export async function setRoundingRule(db: Db, currency: string, rule: RoundingRule): Promise<void> {
  await db
    .insert(currencyRounding)
    .values({ currency, ...rule })
    .onConflictDoUpdate({ target: currencyRounding.currency, set: rule });
}

export async function findRoundingRules(db: Db, currencies: string[]): Promise<Map<string, RoundingRule>> {
  const rows = await db.select().from(currencyRounding).where(inArray(currencyRounding.currency, currencies));
  return new Map(rows.map((r) => [r.currency, { increment: r.increment, ending: r.ending, mode: r.mode }]));
}
