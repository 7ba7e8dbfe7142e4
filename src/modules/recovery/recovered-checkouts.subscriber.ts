import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { consumeOnce, consumeOnceInOneStatement } from "../../shared/outbox/consume-once.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import type { EventSubscriber, PublishedEvent } from "../../shared/outbox/subscriber.ts";
import { abandonedCarts } from "./schema.ts";

const name = "cart-recovery";

/**
 * Reacts to `order.placed`: an order from a cart that was sent a reminder is a recovered
 * checkout (`checkout.recovered` with the order total, written in the same transaction as the
 * mark, once per event and once per cart); an abandoned cart never reminded just stops there.
 * Most orders come from carts that were never reminded: for them the consumption record and the
 * close are one statement; a reminded cart takes the transaction.
 */
export function recoveredCheckoutsSubscriber(ctx: Context): EventSubscriber {
  return {
    name,
    types: ["order.placed"],
    async handle(event: PublishedEvent) {
      const cartId = typeof event.payload.cartId === "string" ? event.payload.cartId : undefined;
      if (!cartId) return;
      const quick = await consumeOnceInOneStatement(
        ctx.db,
        ctx.clock,
        name,
        event.id,
        (consumed) => [
          sql`update abandoned_carts
                set status = 'closed', closed_reason = 'completed', next_reminder_at = null
              where cart_id = ${cartId} and status = 'active' and exists (select 1 from ${consumed})
              returning cart_id`,
        ],
        {
          unless: sql`exists (select 1 from abandoned_carts
                              where cart_id = ${cartId} and reminders_sent > 0
                                and recovered_order_id is null)`,
        },
      );
      if (!quick.declined) return;
      await consumeOnce(ctx.db, ctx.clock, name, event.id, (tx) =>
        recordRecovery(tx, event, ctx.clock.now()),
      );
    },
  };
}

async function recordRecovery(tx: Db, event: PublishedEvent, at: Date): Promise<void> {
  const p = event.payload;
  const cartId = typeof p.cartId === "string" ? p.cartId : undefined;
  if (!cartId) return;
  const orderId = String(p.orderId ?? event.aggregateId);
  const [recovered] = await tx
    .update(abandonedCarts)
    .set({
      status: "recovered",
      recoveredOrderId: orderId,
      recoveredAt: event.occurredAt,
      nextReminderAt: null,
    })
    .where(
      and(
        eq(abandonedCarts.cartId, cartId),
        gt(abandonedCarts.remindersSent, 0),
        isNull(abandonedCarts.recoveredOrderId),
      ),
    )
    .returning();
  if (!recovered) {
    await tx
      .update(abandonedCarts)
      .set({ status: "closed", closedReason: "completed", nextReminderAt: null })
      .where(and(eq(abandonedCarts.cartId, cartId), eq(abandonedCarts.status, "active")));
    return;
  }
  await recordEvents(tx, at, [
    {
      type: "checkout.recovered",
      aggregateId: cartId,
      payload: {
        cartId,
        orderId,
        orderNumber: typeof p.number === "string" ? p.number : null,
        total: { amount: Number(p.total), currency: String(p.currency) },
        remindersSent: recovered.remindersSent,
        abandonedAt: recovered.abandonedAt.toISOString(),
        discountPromotionId: recovered.discountPromotionId,
      },
    },
  ]);
}
