import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../shared/db/database.ts";
import { type AnalyticsFilters, whereFilters } from "./analytics-filters.ts";

export interface PaymentMethodDay {
  /** UTC day, YYYY-MM-DD. */
  date: string;
  orders: number;
  methods: { method: string; orders: number; share: number }[];
}

/** Each payment method's share of the orders placed per day (card brand, or gift_card). */
export async function getPaymentMethods(db: Db, filters: AnalyticsFilters): Promise<PaymentMethodDay[]> {
  const rows = await queryRows<{ date: string; method: string; orders: number }>(
    db,
    sql`select to_char(o.placed_at at time zone 'UTC', 'YYYY-MM-DD') as date, o.method, count(*)::int as orders
        from analytics_orders o join analytics_checkouts c on c.cart_id = o.cart_id
        where ${whereFilters(filters, sql`o.placed_at`)}
        group by 1, 2 order by 1, 2`,
  );
  const days = new Map<string, PaymentMethodDay>();
  for (const r of rows) {
    const day = days.get(r.date) ?? { date: r.date, orders: 0, methods: [] };
    day.orders += r.orders;
    day.methods.push({ method: r.method, orders: r.orders, share: 0 });
    days.set(r.date, day);
  }
  return [...days.values()].map((d) => ({
    ...d,
    methods: d.methods.map((m) => ({ ...m, share: m.orders / d.orders })),
  }));
}
