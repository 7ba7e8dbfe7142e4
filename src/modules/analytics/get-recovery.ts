import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../shared/db/database.ts";
import { type AnalyticsFilters, toMinorUnits, whereFilters } from "./analytics-filters.ts";

export interface RecoveryMetrics {
  abandonedCarts: number;
  remindersSent: number;
  remindedCarts: number;
  recoveredCarts: number;
  /** recovered ÷ reminded carts, 0..1; null without reminded carts. */
  conversionRate: number | null;
  abandonedValue: { currency: string; amount: number }[];
  recoveredRevenue: { currency: string; amount: number }[];
}

/**
 * Abandoned-cart recovery for the carts abandoned in the period (a cohort: a cart abandoned in
 * the period counts as recovered even when its order came after). Amounts per currency only.
 */
export async function getRecoveryMetrics(db: Db, filters: AnalyticsFilters): Promise<RecoveryMetrics> {
  const from = sql`analytics_recovery r left join analytics_checkouts c on c.cart_id = r.cart_id`;
  const where = sql`r.abandoned_at is not null and ${whereFilters(filters, sql`r.abandoned_at`, sql`r.currency`)}`;
  const [counts] = await queryRows<{
    abandoned: number;
    reminders: number;
    reminded: number;
    recovered: number;
  }>(
    db,
    sql`select count(*)::int as abandoned,
               coalesce(sum(r.reminders_sent), 0)::int as reminders,
               count(*) filter (where r.reminders_sent > 0)::int as reminded,
               count(*) filter (where r.recovered_at is not null)::int as recovered
        from ${from} where ${where}`,
  );
  const amounts = await queryRows<{ currency: string; abandoned: string; recovered: string }>(
    db,
    sql`select r.currency, coalesce(sum(r.value), 0)::text as abandoned,
               coalesce(sum(r.recovered_total), 0)::text as recovered
        from ${from} where ${where} and r.currency is not null
        group by r.currency order by r.currency`,
  );
  const reminded = counts?.reminded ?? 0;
  const recovered = counts?.recovered ?? 0;
  return {
    abandonedCarts: counts?.abandoned ?? 0,
    remindersSent: counts?.reminders ?? 0,
    remindedCarts: reminded,
    recoveredCarts: recovered,
    conversionRate: reminded === 0 ? null : recovered / reminded,
    abandonedValue: amounts.map((a) => ({ currency: a.currency, amount: toMinorUnits(a.abandoned) })),
    recoveredRevenue: amounts
      .filter((a) => toMinorUnits(a.recovered) > 0)
      .map((a) => ({ currency: a.currency, amount: toMinorUnits(a.recovered) })),
  };
}
