import { and, asc, desc, eq, gte, ilike, inArray, isNull, lt, not, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { containsPattern } from "../../shared/db/like.ts";
import { preparedQuery } from "../../shared/db/prepared-query.ts";
import { type OrderState, type StateRule, stateRules } from "./order-state.ts";
import { orderLines, orders, orderTimeline } from "./schema.ts";

type OrderRow = typeof orders.$inferSelect;

export interface OrderView extends OrderRow {
  lines: (typeof orderLines.$inferSelect)[];
  timeline: (typeof orderTimeline.$inferSelect)[];
  /** The raw access token: only on the view `placeOrder` returns, never read back. */
  accessToken?: string;
}

async function withDetails(db: Db, rows: OrderRow[]): Promise<OrderView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const lines = await db
    .select()
    .from(orderLines)
    .where(inArray(orderLines.orderId, ids))
    .orderBy(asc(orderLines.position));
  const timeline = await db
    .select()
    .from(orderTimeline)
    .where(inArray(orderTimeline.orderId, ids))
    .orderBy(asc(orderTimeline.at));
  return rows.map((r) => ({
    ...r,
    lines: lines.filter((l) => l.orderId === r.id),
    timeline: timeline.filter((t) => t.orderId === r.id),
  }));
}

type TimelineJson = Omit<OrderView["timeline"][number], "at"> & { at: string };

/**
 * One order with its lines and timeline in one round trip (as JSON subselects): orders are read
 * by every subscriber of their events, so this is on the path of every checkout.
 */
/** An order with its lines and timeline, in one statement built once per key it is found by. */
function orderBy(key: "id" | "number" | "cartId") {
  return preparedQuery((db) =>
    db
      .select({
        order: orders,
        // Columns spelled out: the builder leaves them unqualified in a one-table select.
        lines: sql<OrderView["lines"]>`coalesce((
          select json_agg(json_build_object(
            'id', l.id, 'orderId', l.order_id, 'position', l.position, 'variantId', l.variant_id,
            'sku', l.sku, 'title', l.title, 'quantity', l.quantity, 'unitPrice', l.unit_price,
            'subtotal', l.subtotal, 'discount', l.discount, 'tax', l.tax, 'taxLines', l.tax_lines)
            order by l.position)
          from order_lines l where l.order_id = orders.id), '[]')`,
        timeline: sql<TimelineJson[]>`coalesce((
          select json_agg(json_build_object(
            'id', t.id, 'orderId', t.order_id, 'type', t.type, 'actor', t.actor, 'data', t.data, 'at', t.at)
            order by t.at)
          from order_timeline t where t.order_id = orders.id), '[]')`,
      })
      .from(orders)
      .where(eq(orders[key], sql.placeholder("value")))
      .prepare(`order_by_${key}`),
  );
}

const orderById = orderBy("id");
const orderByNumber = orderBy("number");
const orderByCart = orderBy("cartId");

async function findOneOrder(
  query: ReturnType<typeof orderBy>,
  db: Db,
  value: string,
): Promise<OrderView | undefined> {
  const [row] = await query(db).execute({ value });
  if (!row) return undefined;
  return {
    ...row.order,
    lines: row.lines,
    timeline: row.timeline.map((t) => ({ ...t, at: new Date(t.at) })),
  };
}

export function getOrder(db: Db, orderId: string): Promise<OrderView | undefined> {
  return findOneOrder(orderById, db, orderId);
}

export function findOrderByNumber(db: Db, number: string): Promise<OrderView | undefined> {
  return findOneOrder(orderByNumber, db, number);
}

export function findOrderByCart(db: Db, cartId: string): Promise<OrderView | undefined> {
  return findOneOrder(orderByCart, db, cartId);
}

/** A state rule as SQL over the facet columns. */
function ruleMatches(rule: StateRule): SQL {
  const parts: SQL[] = [];
  if (rule.when.status) parts.push(inArray(orders.status, [...rule.when.status]));
  if (rule.when.paymentStatus) parts.push(inArray(orders.paymentStatus, [...rule.when.paymentStatus]));
  if (rule.when.fulfillmentStatus)
    parts.push(inArray(orders.fulfillmentStatus, [...rule.when.fulfillmentStatus]));
  return parts.length ? (and(...parts) as SQL) : sql`true`;
}

/**
 * Orders in this state, by the same first-match rules `orderState` applies in code: the rule
 * for the state matches and no rule before it does.
 */
function inState(state: OrderState): SQL {
  const at = stateRules.findIndex((r) => r.state === state);
  const earlier = stateRules.slice(0, at).map((r) => not(ruleMatches(r)));
  return and(ruleMatches(stateRules[at]!), ...earlier) as SQL;
}

/** Newest first, keyset-paginated by placement time. */
export async function listOrders(
  db: Db,
  filter: {
    limit: number;
    before?: Date | undefined;
    email?: string | undefined;
    /** The derived headline state (see order-state.ts). */
    state?: OrderState | undefined;
    status?: "placed" | "cancelled" | undefined;
    paymentStatus?: OrderRow["paymentStatus"] | undefined;
    fulfillmentStatus?: OrderRow["fulfillmentStatus"] | undefined;
    /** Placed at or after this time. */
    from?: Date | undefined;
    /** Part of the order number or of the email, case-insensitive (the merchant center's search). */
    search?: string | undefined;
  },
): Promise<OrderView[]> {
  const where: SQL[] = [];
  if (filter.before) where.push(lt(orders.placedAt, filter.before));
  if (filter.from) where.push(gte(orders.placedAt, filter.from));
  if (filter.email) where.push(eq(orders.email, filter.email.toLowerCase()));
  if (filter.state) where.push(inState(filter.state));
  if (filter.status) where.push(eq(orders.status, filter.status));
  if (filter.paymentStatus) where.push(eq(orders.paymentStatus, filter.paymentStatus));
  if (filter.fulfillmentStatus) where.push(eq(orders.fulfillmentStatus, filter.fulfillmentStatus));
  if (filter.search) {
    const pattern = containsPattern(filter.search);
    where.push(or(ilike(orders.number, pattern), ilike(orders.email, pattern)) as SQL);
  }
  const rows = await db
    .select()
    .from(orders)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(filter.limit);
  return withDetails(db, rows);
}

/** A customer's orders, newest first: placed signed in or claimed by their verified email. */
export async function listOrdersForCustomer(
  db: Db,
  customerId: string,
  filter: { limit: number; before?: Date | undefined },
): Promise<OrderView[]> {
  const where = [eq(orders.customerId, customerId)];
  if (filter.before) where.push(lt(orders.placedAt, filter.before));
  const rows = await db
    .select()
    .from(orders)
    .where(and(...where))
    .orderBy(desc(orders.placedAt), desc(orders.id))
    .limit(filter.limit);
  return withDetails(db, rows);
}

/**
 * Gives a customer the guest orders placed with their email. Call only once the customer proved
 * the mailbox is theirs (a verified email); orders already in an account stay where they are.
 * Returns how many were claimed. Idempotent.
 */
export async function claimGuestOrders(tx: Db, email: string, customerId: string): Promise<number> {
  const claimed = await tx
    .update(orders)
    .set({ customerId })
    .where(and(eq(orders.email, email.toLowerCase()), isNull(orders.customerId)))
    .returning({ id: orders.id });
  return claimed.length;
}
