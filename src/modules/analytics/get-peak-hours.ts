import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../shared/db/database.ts";
import { type AnalyticsFilters, toMinorUnits, whereFilters } from "./analytics-filters.ts";

export interface PeakHourCell {
  /** ISO weekday, 1 = Monday … 7 = Sunday (UTC). */
  weekday: number;
  /** Hour of day, 0-23 (UTC). */
  hour: number;
  orders: number;
  /** One amount per currency: never added across currencies. */
  revenue: { amount: number; currency: string }[];
}

/** Orders and revenue by weekday × hour; only cells with orders are listed. */
export async function getPeakHours(db: Db, filters: AnalyticsFilters): Promise<PeakHourCell[]> {
  const rows = await queryRows<{
    weekday: number;
    hour: number;
    currency: string;
    orders: number;
    revenue: string;
  }>(
    db,
    sql`select o.weekday, o.hour, o.currency, count(*)::int as orders, sum(o.total)::text as revenue
        from analytics_orders o join analytics_checkouts c on c.cart_id = o.cart_id
        where ${whereFilters(filters, sql`o.placed_at`)}
        group by 1, 2, 3 order by 1, 2, 3`,
  );
  const cells = new Map<string, PeakHourCell>();
  for (const r of rows) {
    const key = `${r.weekday}:${r.hour}`;
    const cell = cells.get(key) ?? { weekday: r.weekday, hour: r.hour, orders: 0, revenue: [] };
    cell.orders += r.orders;
    cell.revenue.push({ amount: toMinorUnits(r.revenue), currency: r.currency });
    cells.set(key, cell);
  }
  return [...cells.values()];
}
