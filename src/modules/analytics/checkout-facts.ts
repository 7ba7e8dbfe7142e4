import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";

/** What one fact (a step view or an event) says about a cart's checkout. */
export interface CheckoutFact {
  cartId: string;
  at: Date;
  rank: number;
  started: boolean;
  device?: string | null;
  currency?: string | null;
  country?: string | null;
  customerKey?: string | null;
  /** Set only by order.placed: its columns then win over what the cart said earlier. */
  order?: { orderId: string; total: number; provider: string; method: string } | undefined;
}

/**
 * Merges a fact into the cart's analytics_checkouts row. Every column merges commutatively
 * (least / greatest / coalesce, the order's values over the cart's), so facts arriving in any
 * order, or a rebuild replaying them, give the same row. Not idempotent by itself for counts:
 * callers run it under consumeOnce or a step view's unique key.
 */
export async function mergeCheckoutFact(tx: Db, fact: CheckoutFact): Promise<void> {
  await tx.execute(checkoutFactMerge(fact));
}

/**
 * The statement of mergeCheckoutFact, to run inside a larger one: it merges only when `onlyIf`
 * (a boolean SQL condition) holds.
 */
export function checkoutFactMerge(fact: CheckoutFact, onlyIf: SQL = sql`true`): SQL {
  const at = fact.at.toISOString();
  const isOrder = fact.order !== undefined;
  // Order facts are authoritative for what was bought; cart facts only fill gaps.
  const pick = (column: string) =>
    isOrder
      ? sql.raw(`coalesce(excluded.${column}, analytics_checkouts.${column})`)
      : sql.raw(`coalesce(analytics_checkouts.${column}, excluded.${column})`);
  // A select rather than values, for the condition; its parameters then need their types.
  return sql`
    insert into analytics_checkouts
      (cart_id, first_seen_at, started_at, last_step_rank, device, currency, country, customer_key,
       completed_at, order_id, total, provider, method)
    select ${fact.cartId}::text, ${at}::timestamptz, ${fact.started ? at : null}::timestamptz,
           ${fact.rank}::int, ${fact.device ?? null}::text, ${fact.currency ?? null}::text,
           ${fact.country ?? null}::text, ${fact.customerKey ?? null}::text,
           ${isOrder ? at : null}::timestamptz, ${fact.order?.orderId ?? null}::text,
           ${fact.order?.total ?? null}::bigint, ${fact.order?.provider ?? null}::text,
           ${fact.order?.method ?? null}::text
    where ${onlyIf}
    on conflict (cart_id) do update set
      first_seen_at = least(analytics_checkouts.first_seen_at, excluded.first_seen_at),
      started_at = least(analytics_checkouts.started_at, excluded.started_at),
      last_step_rank = greatest(analytics_checkouts.last_step_rank, excluded.last_step_rank),
      device = coalesce(analytics_checkouts.device, excluded.device),
      currency = ${pick("currency")},
      country = ${pick("country")},
      customer_key = ${pick("customer_key")},
      completed_at = least(analytics_checkouts.completed_at, excluded.completed_at),
      order_id = coalesce(analytics_checkouts.order_id, excluded.order_id),
      total = ${pick("total")},
      provider = ${pick("provider")},
      method = ${pick("method")}`;
}
