import { getTableColumns, sql, type Table } from "drizzle-orm";
import { type Db, queryRows } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { eventInsert } from "../../shared/outbox/outbox.ts";
import { newOrderAccessToken } from "./order-access.ts";
import { orderState } from "./order-state.ts";
import type { OrderView } from "./orders.repository.ts";
import {
  type OrderAddress,
  type OrderFx,
  type OrderGiftCard,
  type OrderPromotion,
  type OrderShipping,
  type OrderTax,
  type OrderTaxLine,
  orderLines,
  orders,
  orderTimeline,
  type PaymentInstructions,
} from "./schema.ts";

export interface NewOrder {
  cartId: string;
  attemptId: string;
  /** The signed-in customer whose cart this was; absent for guests. */
  customerId?: string | null;
  email: string;
  currency: string;
  shippingAddress: OrderAddress;
  shipping: OrderShipping;
  lines: {
    variantId: string;
    sku: string;
    title: string;
    quantity: number;
    unitPrice: number;
    /** Net of tax (see docs/decisions/006-tax-inclusive-totals.md). */
    subtotal: number;
    discount?: number;
    tax?: number;
    taxLines?: OrderTaxLine[];
  }[];
  /** Optional so attempts recorded before tax existed still place. */
  tax?: OrderTax;
  promotions?: OrderPromotion[];
  giftCard?: OrderGiftCard | null;
  billingAddress?: OrderAddress | null;
  /** Not in the base currency: the locked rate and the totals in the base currency. */
  fx?: OrderFx | null;
  totals: { subtotal: number; discountTotal: number; shippingTotal: number; taxTotal: number; total: number };
  payment: {
    provider: string;
    status: "authorized" | "captured" | "awaiting_payment";
    brand: string | null;
    last4: string | null;
    /** Bank transfer and purchase order: how the shopper pays (reference, account, due date). */
    instructions?: PaymentInstructions | null;
  };
}

/**
 * Writes an order snapshot with its lines, first timeline entry and `order.placed` event, inside
 * the caller's transaction. The unique cart_id makes a second order for a cart fail (G5).
 * Only the returned view carries the raw access token, besides the event the confirmation email
 * is written from (and the stored completion response its idempotent replays return).
 * `id` is given by a caller that records the order's id before placing it (checkout's settle).
 */
export async function placeOrder(
  tx: Db,
  input: NewOrder,
  at: Date,
  numberPrefix: string,
  id: string = newId("ord"),
): Promise<OrderView> {
  const access = newOrderAccessToken();
  const state = orderState({
    status: "placed",
    paymentStatus: input.payment.status,
    fulfillmentStatus: "unfulfilled",
  });
  // The order, its lines, its first timeline entry and `order.placed` are one statement (a
  // data-modifying CTE, 1 round trip instead of 4). The number is drawn from the sequence inside
  // the order's insert; the timeline and the event take it from there. What is returned is what
  // was written, without reading the order back.
  const order = tx
    .insert(orders)
    .values({
      id,
      number: sql`${numberPrefix} || nextval('order_number_seq')::text`,
      cartId: input.cartId,
      attemptId: input.attemptId,
      status: "placed",
      paymentStatus: input.payment.status,
      email: input.email,
      currency: input.currency,
      ...input.totals,
      shippingAddress: input.shippingAddress,
      shipping: input.shipping,
      tax: input.tax ?? null,
      promotions: input.promotions ?? [],
      giftCard: input.giftCard ?? null,
      billingAddress: input.billingAddress ?? null,
      fx: input.fx ?? null,
      payment: {
        provider: input.payment.provider,
        brand: input.payment.brand,
        last4: input.payment.last4,
        instructions: input.payment.instructions ?? null,
      },
      placedAt: at,
      accessTokenHash: access.hash,
      customerId: input.customerId ?? null,
    })
    .returning();
  const number = sql`(select o.number from placed_order o)`;
  const lines = tx
    .insert(orderLines)
    .values(input.lines.map((l, position) => ({ id: newId("ol"), orderId: id, position, ...l })))
    .returning();
  const timeline = tx
    .insert(orderTimeline)
    .values({
      id: newId("otl"),
      orderId: id,
      type: "placed",
      actor: "shopper",
      data: sql`jsonb_build_object('number', ${number}, 'state', ${JSON.stringify(state)}::jsonb)`,
      at,
    })
    .returning();
  const payload = {
    orderId: id,
    cartId: input.cartId,
    currency: input.currency,
    total: input.totals.total,
    paymentProvider: input.payment.provider,
    paymentStatus: input.payment.status,
    lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice })),
    // The confirmation email links the status page with it; the order keeps only its hash, and
    // the shopper may be gone (a webhook or the sweeper placed the order), so the event is how
    // the mailer learns it. Consumers other than the mailer must not copy it anywhere.
    accessToken: access.token,
  };
  const event = eventInsert(
    {
      type: "order.placed",
      aggregateId: id,
      payload: sql`${JSON.stringify(payload)}::jsonb || jsonb_build_object('number', ${number})`,
    },
    at,
  );
  const [written] = await queryRows<{ order: unknown; lines: unknown[]; timeline: unknown }>(
    tx,
    // An embedded query is put in parentheses already.
    sql`with placed_order as ${order}, placed_lines as ${lines}, placed_timeline as ${timeline},
      placed_event as (${event})
      select (select row_to_json(o) from placed_order o) as "order",
        (select json_agg(row_to_json(l)) from placed_lines l) as "lines",
        (select row_to_json(t) from placed_timeline t) as "timeline"`,
  );
  const row = fromRow(orders, written!.order);
  const lineRows = written!.lines.map((l) => fromRow(orderLines, l));
  lineRows.sort((a, b) => a.position - b.position); // as a read returns them
  const timelineRows = [fromRow(orderTimeline, written!.timeline)];
  return { ...row, lines: lineRows, timeline: timelineRows, accessToken: access.token };
}

/** A row of `table` as row_to_json gave it, as the query builder would have returned it. */
function fromRow<T extends Table>(table: T, json: unknown): T["$inferSelect"] {
  const raw = json as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as T["$inferSelect"];
}
