import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../shared/db/database.ts";
import { type AnalyticsFilters, whereFilters } from "./analytics-filters.ts";
import { type FunnelStep, funnelSteps } from "./steps.ts";

export interface Funnel {
  steps: { step: FunnelStep; count: number; dropOff: number; dropOffRate: number | null }[];
  reasons: { category: ReasonCategory; code: string; reason: string | null; count: number }[];
}

export type ReasonCategory =
  | "payment_declined"
  | "out_of_stock"
  | "shipping_unavailable"
  | "price_changed"
  | "other";

const categoryOf: Record<string, ReasonCategory> = {
  payment_declined: "payment_declined",
  insufficient_stock: "out_of_stock",
  variant_unavailable: "out_of_stock",
  shipping_method_unavailable: "shipping_unavailable",
  price_changed: "price_changed",
};

/**
 * How many checkouts reached each step (a step counts everyone who got at least that far, so a
 * step the storefront did not report is not a hole), the drop-off to the next step, and the top
 * reasons checkouts were refused. Period: when the cart was first seen.
 */
export async function getFunnel(db: Db, filters: AnalyticsFilters, top = 10): Promise<Funnel> {
  const counts = sql.join(
    funnelSteps.map(
      (_, i) => sql`count(*) filter (where c.last_step_rank >= ${i + 1})::int as ${sql.raw(`s${i + 1}`)}`,
    ),
    sql`, `,
  );
  const [row] = await queryRows<Record<string, number>>(
    db,
    sql`select ${counts} from analytics_checkouts c where ${whereFilters(filters, sql`c.first_seen_at`)}`,
  );
  const values = funnelSteps.map((_, i) => Number(row?.[`s${i + 1}`] ?? 0));
  const steps = funnelSteps.map((step, i) => {
    const count = values[i] ?? 0;
    const next = values[i + 1];
    const dropOff = next === undefined ? 0 : count - next;
    return { step, count, dropOff, dropOffRate: next === undefined || count === 0 ? null : dropOff / count };
  });
  const reasons = await queryRows<{ code: string; reason: string | null; count: number }>(
    db,
    sql`select f.code, f.reason, count(*)::int as count
        from analytics_checkout_failures f join analytics_checkouts c on c.cart_id = f.cart_id
        where ${whereFilters(filters, sql`c.first_seen_at`)}
        group by f.code, f.reason
        order by count desc, f.code, f.reason
        limit ${top}`,
  );
  return { steps, reasons: reasons.map((r) => ({ category: categoryOf[r.code] ?? "other", ...r })) };
}
