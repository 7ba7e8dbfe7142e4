import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../shared/db/database.ts";
import { type AnalyticsFilters, returningCustomer, whereFilters } from "./analytics-filters.ts";

export interface MethodShare {
  method: string;
  orders: number;
  /** orders ÷ the day's (or segment's) orders, 0..1. */
  share: number;
}

export interface PaymentMethodDay {
  /** UTC day, YYYY-MM-DD. */
  date: string;
  orders: number;
  methods: MethodShare[];
}

export const segmentDimensions = ["customer", "device", "country"] as const;
export type SegmentDimension = (typeof segmentDimensions)[number];

export interface PaymentMethodSegment {
  dimension: SegmentDimension;
  /** new / returning; desktop / mobile / tablet; a country code; `unknown` where not reported. */
  segment: string;
  orders: number;
  methods: MethodShare[];
}

export interface PaymentMethods {
  days: PaymentMethodDay[];
  segments: PaymentMethodSegment[];
}

/**
 * Each payment method's share of the orders placed (card brand, gift_card, paypal, bank transfer,
 * …), per UTC day and per customer segment: new or returning shopper, device, shipping country.
 * One query; the shares are divided here so every segment's shares add up to 1.
 */
export async function getPaymentMethods(db: Db, filters: AnalyticsFilters): Promise<PaymentMethods> {
  const rows = await queryRows<{
    date: string;
    method: string;
    customer: string;
    device: string;
    country: string;
    orders: number;
  }>(
    db,
    sql`select to_char(o.placed_at at time zone 'UTC', 'YYYY-MM-DD') as date, o.method,
               case when c.customer_key is null then 'unknown'
                    when ${returningCustomer} then 'returning' else 'new' end as customer,
               coalesce(c.device, 'unknown') as device,
               coalesce(o.country, c.country, 'unknown') as country,
               count(*)::int as orders
        from analytics_orders o join analytics_checkouts c on c.cart_id = o.cart_id
        where ${whereFilters(filters, sql`o.placed_at`)}
        group by 1, 2, 3, 4, 5 order by 1, 2`,
  );
  const days = new Map<string, Map<string, number>>();
  const segments = new Map<
    string,
    { dimension: SegmentDimension; segment: string; counts: Map<string, number> }
  >();
  const add = (counts: Map<string, number>, method: string, n: number) =>
    counts.set(method, (counts.get(method) ?? 0) + n);
  for (const r of rows) {
    add(days.get(r.date) ?? days.set(r.date, new Map()).get(r.date)!, r.method, r.orders);
    for (const dimension of segmentDimensions) {
      const key = `${dimension}\u0000${r[dimension]}`;
      const entry = segments.get(key) ?? { dimension, segment: r[dimension], counts: new Map() };
      add(entry.counts, r.method, r.orders);
      segments.set(key, entry);
    }
  }
  return {
    days: [...days].map(([date, counts]) => ({ date, ...sharesOf(counts) })),
    segments: [...segments.values()]
      .map((s) => ({ dimension: s.dimension, segment: s.segment, ...sharesOf(s.counts) }))
      .sort(
        (a, b) =>
          segmentDimensions.indexOf(a.dimension) - segmentDimensions.indexOf(b.dimension) ||
          b.orders - a.orders ||
          a.segment.localeCompare(b.segment),
      ),
  };
}

function sharesOf(counts: Map<string, number>): { orders: number; methods: MethodShare[] } {
  const orders = [...counts.values()].reduce((n, c) => n + c, 0);
  const methods = [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([method, n]) => ({ method, orders: n, share: n / orders }));
  return { orders, methods };
}
