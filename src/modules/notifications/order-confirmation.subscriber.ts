import { sql } from "drizzle-orm";
import type { Clock } from "../../shared/clock.ts";
import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { consumeOnceInOneStatement } from "../../shared/outbox/consume-once.ts";
import type { EventSubscriber, PublishedEvent } from "../../shared/outbox/subscriber.ts";
import { getOrder } from "../orders/index.ts";
import { enqueueEmailStatement } from "./emails.repository.ts";
import { issueReceiptStatement } from "./issue-receipt.ts";
import { renderOrderConfirmation } from "./order-confirmation-email.ts";
import { keepQueuedOrder } from "./queued-orders.ts";
import type { StoreProfile } from "./store-profile.ts";

const name = "order-confirmation-email";

/**
 * Reacts to `order.placed` by issuing the receipt number and queueing the confirmation email,
 * once per event and once per order (the receipts key, the emails unique key): the consumption
 * record, the email and the receipt are one statement, so atomic without a transaction. Two round
 * trips: the order, then that statement. Sending happens later in the EmailSender (handed the
 * order read here, see queued-orders.ts): nothing here talks to a mail server.
 */
export function orderConfirmationSubscriber(
  ctx: Context & { store: StoreProfile; onQueued?: () => void },
): EventSubscriber {
  return {
    name,
    types: ["order.placed"],
    async handle(event: PublishedEvent) {
      if (await queueOrderConfirmation(ctx.db, ctx.clock, event, ctx.store)) ctx.onQueued?.();
    },
  };
}

/** Returns whether an email was queued (false: this event or this order had one already). */
async function queueOrderConfirmation(
  db: Db,
  clock: Clock,
  event: PublishedEvent,
  store: StoreProfile,
): Promise<boolean> {
  const orderId = String(event.payload.orderId ?? event.aggregateId);
  const order = await getOrder(db, orderId);
  // Thrown, not skipped: the event is retried rather than the email silently lost.
  if (!order) throw new Error(`order ${orderId} of event ${event.id} not found`);
  const token = typeof event.payload.accessToken === "string" ? event.payload.accessToken : undefined;
  const at = clock.now();
  const email = renderOrderConfirmation(order, token, store);
  const queued = await consumeOnceInOneStatement(db, clock, name, event.id, (consumed) => [
    enqueueEmailStatement(
      { kind: "order_confirmation", orderId: order.id, recipient: order.email, ...email },
      at,
      sql`exists (select 1 from ${consumed})`,
    ),
    issueReceiptStatement(order.id, at, sql`exists (select 1 from ${consumed})`),
  ]);
  if (queued.affected === 0) return false;
  keepQueuedOrder(db, order, at);
  return true;
}
