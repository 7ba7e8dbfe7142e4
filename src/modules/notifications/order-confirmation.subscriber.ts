import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { consumeOnce } from "../../shared/outbox/consume-once.ts";
import type { EventSubscriber, PublishedEvent } from "../../shared/outbox/subscriber.ts";
import { getOrder } from "../orders/index.ts";
import { enqueueEmail } from "./emails.repository.ts";
import { issueReceipt } from "./issue-receipt.ts";
import { renderOrderConfirmation } from "./order-confirmation-email.ts";
import type { StoreProfile } from "./store-profile.ts";

const name = "order-confirmation-email";

/**
 * Reacts to `order.placed` by queueing the confirmation email and issuing the receipt number,
 * once per event (consumeOnce) and once per order (the emails unique key), in one transaction.
 * Sending happens later in the EmailSender: nothing here talks to a mail server.
 */
export function orderConfirmationSubscriber(
  ctx: Context & { store: StoreProfile; onQueued?: () => void },
): EventSubscriber {
  return {
    name,
    types: ["order.placed"],
    async handle(event: PublishedEvent) {
      const result = await consumeOnce(ctx.db, ctx.clock, name, event.id, (tx) =>
        queueOrderConfirmation(tx, event, ctx.store, ctx.clock.now()),
      );
      if (result.consumed && result.value) ctx.onQueued?.();
    },
  };
}

async function queueOrderConfirmation(
  tx: Db,
  event: PublishedEvent,
  store: StoreProfile,
  at: Date,
): Promise<string | undefined> {
  const orderId = String(event.payload.orderId ?? event.aggregateId);
  const order = await getOrder(tx, orderId);
  // Thrown, not skipped: the event is retried rather than the email silently lost.
  if (!order) throw new Error(`order ${orderId} of event ${event.id} not found`);
  const token = typeof event.payload.accessToken === "string" ? event.payload.accessToken : undefined;
  await issueReceipt(tx, order.id, at);
  const email = renderOrderConfirmation(order, token, store);
  return enqueueEmail(
    tx,
    { kind: "order_confirmation", orderId: order.id, recipient: order.email, ...email },
    at,
  );
}
