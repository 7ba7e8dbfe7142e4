import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../shared/db/database.ts";
import { type AnalyticsFilters, toMinorUnits, whereFilters } from "./analytics-filters.ts";
import { getRecoveryMetrics, type RecoveryMetrics } from "./get-recovery.ts";

export interface Summary {
  checkoutsStarted: number;
  orders: number;
  /** orders ÷ checkouts started, 0..1; null without checkouts. */
  completionRate: number | null;
  checkoutDuration: { averageSeconds: number | null; medianSeconds: number | null };
  gateways: GatewayStats[];
  orderValue: { currency: string; orders: number; revenue: number; average: number }[];
  promotions: {
    ordersWithPromotion: number;
    codes: { code: string; orders: number }[];
    discounts: { currency: string; amount: number }[];
  };
  /** Abandoned carts of the period, the reminders sent for them and what they brought back. */
  recovery: RecoveryMetrics;
}

export interface GatewayStats {
  provider: string;
  method: string;
  attempts: number;
  authorized: number;
  failed: number;
  successRatio: number;
  declineReasons: { reason: string; count: number }[];
}

/** Headline checkout metrics for the filtered period. Read-only; a handful of aggregate queries. */
export async function getSummary(db: Db, filters: AnalyticsFilters): Promise<Summary> {
  const [funnel] = await queryRows<{
    started: number;
    orders: number;
    avg: number | null;
    median: number | null;
  }>(
    db,
    sql`select count(*)::int as started,
               count(*) filter (where c.order_id is not null)::int as orders,
               avg(extract(epoch from c.completed_at - c.started_at))::float8 as avg,
               percentile_cont(0.5) within group (order by extract(epoch from c.completed_at - c.started_at))
                 filter (where c.order_id is not null)::float8 as median
        from analytics_checkouts c
        where c.started_at is not null and ${whereFilters(filters, sql`c.started_at`)}`,
  );
  const started = funnel?.started ?? 0;
  const orders = funnel?.orders ?? 0;
  return {
    checkoutsStarted: started,
    orders,
    completionRate: started === 0 ? null : orders / started,
    checkoutDuration: { averageSeconds: funnel?.avg ?? null, medianSeconds: funnel?.median ?? null },
    gateways: await getGatewayStats(db, filters),
    orderValue: await getOrderValue(db, filters),
    promotions: await getPromotionUsage(db, filters),
    recovery: await getRecoveryMetrics(db, filters),
  };
}

const ordersJoin = sql`analytics_orders o join analytics_checkouts c on c.cart_id = o.cart_id`;

async function getGatewayStats(db: Db, filters: AnalyticsFilters): Promise<GatewayStats[]> {
  // A payment whose checkout is not known yet still counts unless a checkout filter excludes it.
  const rows = await queryRows<{
    provider: string;
    method: string;
    outcome: string;
    reason: string | null;
    n: number;
  }>(
    db,
    sql`select a.provider, a.method, a.outcome, a.decline_reason as reason, count(*)::int as n
        from analytics_payment_attempts a left join analytics_checkouts c on c.cart_id = a.cart_id
        where ${whereFilters(filters, sql`a.at`, sql`a.currency`)}
        group by 1, 2, 3, 4
        order by 1, 2, 3, 4`,
  );
  const byGateway = new Map<string, GatewayStats>();
  for (const r of rows) {
    const key = `${r.provider}\u0000${r.method}`;
    const stats = byGateway.get(key) ?? {
      provider: r.provider,
      method: r.method,
      attempts: 0,
      authorized: 0,
      failed: 0,
      successRatio: 0,
      declineReasons: [],
    };
    stats.attempts += r.n;
    if (r.outcome === "authorized") stats.authorized += r.n;
    else {
      stats.failed += r.n;
      stats.declineReasons.push({ reason: r.reason ?? "unknown", count: r.n });
    }
    byGateway.set(key, stats);
  }
  return [...byGateway.values()].map((s) => ({
    ...s,
    successRatio: s.authorized / s.attempts,
    declineReasons: s.declineReasons.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
  }));
}

async function getOrderValue(db: Db, filters: AnalyticsFilters): Promise<Summary["orderValue"]> {
  // Per currency only: amounts in different currencies are never added up (G1).
  const rows = await queryRows<{ currency: string; orders: number; revenue: string; average: string }>(
    db,
    sql`select o.currency, count(*)::int as orders, sum(o.total)::text as revenue,
               round(avg(o.total))::text as average
        from ${ordersJoin}
        where ${whereFilters(filters, sql`o.placed_at`)}
        group by o.currency order by o.currency`,
  );
  return rows.map((r) => ({
    currency: r.currency,
    orders: r.orders,
    revenue: toMinorUnits(r.revenue),
    average: toMinorUnits(r.average),
  }));
}

async function getPromotionUsage(db: Db, filters: AnalyticsFilters): Promise<Summary["promotions"]> {
  const where = whereFilters(filters, sql`o.placed_at`);
  const codes = await queryRows<{ code: string; orders: number }>(
    db,
    sql`select code, count(distinct o.order_id)::int as orders
        from ${ordersJoin} cross join lateral unnest(o.promotion_codes) as code
        where ${where} group by code order by orders desc, code`,
  );
  const totals = await queryRows<{ currency: string; orders: number; amount: string }>(
    db,
    sql`select o.currency, count(*)::int as orders, sum(o.discount_total)::text as amount
        from ${ordersJoin}
        where ${where} and cardinality(o.promotion_codes) > 0
        group by o.currency order by o.currency`,
  );
  return {
    ordersWithPromotion: totals.reduce((n, t) => n + t.orders, 0),
    codes,
    discounts: totals.map((t) => ({ currency: t.currency, amount: toMinorUnits(t.amount) })),
  };
}
