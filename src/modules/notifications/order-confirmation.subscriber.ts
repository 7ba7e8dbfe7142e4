import { sql } from "drizzle-orm";
import type { Clock } from "../../shared/clock.ts";
import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { consumeOnceInOneStatement } from "../../shared/outbox/consume-once.ts";
import type { EventSubscriber, PublishedEvent } from "../../shared/outbox/subscriber.ts";
import { getOrder } from "../orders/index.ts";
import { enqueueEmailStatement } from "./emails.repository.ts";
import { issueReceipt } from "./issue-receipt.ts";
import { renderOrderConfirmation } from "./order-confirmation-email.ts";
import type { StoreProfile } from "./store-profile.ts";

const name = "order-confirmation-email";

/**
 * Reacts to `order.placed` by issuing the receipt number and queueing the confirmation email,
 * once per event (the consumption record is written by the statement that queues the email) and
 * once per order (the receipts key, the emails unique key). No transaction: the receipt is issued
 * or found in one statement, so a crash before the email leaves only the receipt, which the
 * redelivered event finds. Three round trips: the order, the receipt, the email. Sending happens
 * later in the EmailSender: nothing here talks to a mail server.
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
  await issueReceipt(db, order.id, at);
  const email = renderOrderConfirmation(order, token, store);
  const queued = await consumeOnceInOneStatement(db, clock, name, event.id, (consumed) => [
    enqueueEmailStatement(
      { kind: "order_confirmation", orderId: order.id, recipient: order.email, ...email },
      at,
      sql`exists (select 1 from ${consumed})`,
    ),
  ]);
  return queued.affected > 0;
}
