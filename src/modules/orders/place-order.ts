import { getTableColumns, sql, type Table } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { placeholderFor, preparedQuery, prepareSql } from "../../shared/db/prepared-query.ts";
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
  const {
    rows: [written],
  } = await insertPlacedOrder(tx).execute({
    id,
    numberPrefix,
    cartId: input.cartId,
    attemptId: input.attemptId,
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
    at,
    accessTokenHash: access.hash,
    customerId: input.customerId ?? null,
    lines: JSON.stringify(
      input.lines.map((l, position) => ({
        id: newId("ol"),
        position,
        variant_id: l.variantId,
        sku: l.sku,
        title: l.title,
        quantity: l.quantity,
        unit_price: l.unitPrice,
        subtotal: l.subtotal,
        discount: l.discount ?? 0,
        tax: l.tax ?? 0,
        tax_lines: l.taxLines ?? [],
      })),
    ),
    timelineId: newId("otl"),
    state: JSON.stringify(state),
    eventId: newId("evt"),
    payload: JSON.stringify(payload),
  });
  const row = fromRow(orders, written!.order);
  const lineRows = written!.lines.map((l) => fromRow(orderLines, l));
  lineRows.sort((a, b) => a.position - b.position); // as a read returns them
  const timelineRows = [fromRow(orderTimeline, written!.timeline)];
  return { ...row, lines: lineRows, timeline: timelineRows, accessToken: access.token };
}

/**
 * The order, its lines, its first timeline entry and `order.placed` as one statement (a
 * data-modifying CTE, 1 round trip instead of 4), built once per process: lines arrive as one
 * JSON array. The number is drawn from the sequence inside the order's insert; the timeline and
 * the event take it from there. What is returned is what was written, without reading it back.
 */
const insertPlacedOrder = preparedQuery((db) => {
  const p = sql.placeholder;
  const order = db
    .insert(orders)
    .values({
      id: p("id"),
      number: sql`${p("numberPrefix")} || nextval('order_number_seq')::text`,
      cartId: p("cartId"),
      attemptId: p("attemptId"),
      status: "placed",
      paymentStatus: p("paymentStatus"),
      email: p("email"),
      currency: p("currency"),
      subtotal: p("subtotal"),
      discountTotal: p("discountTotal"),
      shippingTotal: p("shippingTotal"),
      taxTotal: p("taxTotal"),
      total: p("total"),
      // Nullable JSON goes through placeholderFor: SQL null, not JSON null.
      shippingAddress: placeholderFor(orders.shippingAddress, "shippingAddress"),
      shipping: placeholderFor(orders.shipping, "shipping"),
      tax: placeholderFor(orders.tax, "tax"),
      promotions: placeholderFor(orders.promotions, "promotions"),
      giftCard: placeholderFor(orders.giftCard, "giftCard"),
      billingAddress: placeholderFor(orders.billingAddress, "billingAddress"),
      fx: placeholderFor(orders.fx, "fx"),
      payment: placeholderFor(orders.payment, "payment"),
      placedAt: p("at"),
      accessTokenHash: p("accessTokenHash"),
      customerId: placeholderFor(orders.customerId, "customerId"),
    })
    .returning();
  const number = sql`(select o.number from placed_order o)`;
  const lines = sql`(insert into ${orderLines} (id, order_id, position, variant_id, sku, title, quantity,
      unit_price, subtotal, discount, tax, tax_lines)
    select l.id, ${p("id")}, l.position, l.variant_id, l.sku, l.title, l.quantity,
      l.unit_price, l.subtotal, l.discount, l.tax, l.tax_lines
    from jsonb_to_recordset(${p("lines")}::jsonb) as l(id text, position int, variant_id text, sku text,
      title text, quantity int, unit_price bigint, subtotal bigint, discount bigint, tax bigint, tax_lines jsonb)
    returning *)`;
  const timeline = db
    .insert(orderTimeline)
    .values({
      id: p("timelineId"),
      orderId: p("id"),
      type: "placed",
      actor: "shopper",
      data: sql`jsonb_build_object('number', ${number}, 'state', ${p("state")}::jsonb)`,
      at: p("at"),
    })
    .returning();
  const event = eventInsert(
    {
      id: sql`${p("eventId")}`,
      type: "order.placed",
      aggregateId: sql`${p("id")}`,
      payload: sql`${p("payload")}::jsonb || jsonb_build_object('number', ${number})`,
    },
    sql`${p("at")}`,
  );
  // An embedded query is put in parentheses already.
  return prepareSql<{ order: unknown; lines: unknown[]; timeline: unknown }>(
    db,
    sql`with placed_order as ${order}, placed_lines as ${lines}, placed_timeline as ${timeline},
      placed_event as (${event})
      select (select row_to_json(o) from placed_order o) as "order",
        (select json_agg(row_to_json(l)) from placed_lines l) as "lines",
        (select row_to_json(t) from placed_timeline t) as "timeline"`,
    "place_order",
  );
});

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
