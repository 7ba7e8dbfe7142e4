import { sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
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
  // The number is drawn from the sequence inside the insert, and every insert returns its rows:
  // the view is what was written, without reading the order back (4 round trips fewer).
  const [order] = await tx
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
  const { number } = order!;
  const lines = await tx
    .insert(orderLines)
    .values(input.lines.map((l, position) => ({ id: newId("ol"), orderId: id, position, ...l })))
    .returning();
  const state = orderState({
    status: "placed",
    paymentStatus: input.payment.status,
    fulfillmentStatus: "unfulfilled",
  });
  const timeline = await tx
    .insert(orderTimeline)
    .values({ id: newId("otl"), orderId: id, type: "placed", actor: "shopper", data: { number, state }, at })
    .returning();
  await recordEvents(tx, at, [
    {
      type: "order.placed",
      aggregateId: id,
      payload: {
        orderId: id,
        number,
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
      },
    },
  ]);
  lines.sort((a, b) => a.position - b.position); // as a read returns them
  return { ...order!, lines, timeline, accessToken: access.token };
}
