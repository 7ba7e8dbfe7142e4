import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { consumeOnce } from "../../shared/outbox/consume-once.ts";
import type { EventSubscriber, PublishedEvent } from "../../shared/outbox/subscriber.ts";
import { getOrder } from "../orders/index.ts";
import { enqueueEmail } from "./emails.repository.ts";
import { renderPaymentInstructions } from "./payment-instructions-email.ts";
import type { StoreProfile } from "./store-profile.ts";

const name = "payment-instructions-email";

/**
 * Reacts to `order.placed` of an order awaiting a bank transfer or an invoice payment by queueing
 * the "how to pay" email, once per order (the emails unique key on kind and order). Other orders
 * are skipped.
 */
export function paymentInstructionsSubscriber(
  ctx: Context & { store: StoreProfile; onQueued?: () => void },
): EventSubscriber {
  return {
    name,
    types: ["order.placed"],
    async handle(event: PublishedEvent) {
      // Orders paid at checkout need no instructions: no need to read them (events written before
      // the payload said how the order is paid are read as before).
      const paymentStatus = event.payload.paymentStatus;
      if (paymentStatus !== undefined && paymentStatus !== "awaiting_payment") return;
      const result = await consumeOnce(ctx.db, ctx.clock, name, event.id, (tx) =>
        queuePaymentInstructions(tx, event, ctx.store, ctx.clock.now()),
      );
      if (result.consumed && result.value) ctx.onQueued?.();
    },
  };
}

async function queuePaymentInstructions(
  tx: Db,
  event: PublishedEvent,
  store: StoreProfile,
  at: Date,
): Promise<string | undefined> {
  const orderId = String(event.payload.orderId ?? event.aggregateId);
  const order = await getOrder(tx, orderId);
  if (!order) throw new Error(`order ${orderId} of event ${event.id} not found`);
  const token = typeof event.payload.accessToken === "string" ? event.payload.accessToken : undefined;
  const email = renderPaymentInstructions(order, token, store);
  if (!email) return undefined;
  return enqueueEmail(tx, { kind: "payment_instructions", orderId, recipient: order.email, ...email }, at);
}
