import type { Context } from "../../shared/context.ts";
import { consumeOnce } from "../../shared/outbox/consume-once.ts";
import type { EventSubscriber } from "../../shared/outbox/subscriber.ts";
import { isTypeWanted, queueEventDeliveries } from "./deliveries.repository.ts";
import { webhookEventTypes } from "./webhook-event-types.ts";
import { webhookBody } from "./webhook-payload.ts";

/**
 * Turns each outbox event into one delivery per enabled endpoint that wants it. Only queues:
 * the sender posts them in the background, so a slow merchant server never holds up the outbox
 * or a checkout (G14). An event delivered again by the outbox queues nothing new (consumeOnce,
 * and the (event, endpoint) unique constraint behind it).
 */
export function webhooksSubscriber(ctx: Context & { onQueued?: () => void }): EventSubscriber {
  return {
    name: "webhooks",
    types: webhookEventTypes,
    async handle(event) {
      // Without a taker there is nothing to queue, and no consumption row worth keeping.
      if (!(await isTypeWanted(ctx.db, event.type))) return;
      const result = await consumeOnce(ctx.db, ctx.clock, "webhooks", event.id, (tx) =>
        queueEventDeliveries(
          tx,
          { id: event.id, type: event.type, body: webhookBody(event) },
          ctx.clock.now(),
        ),
      );
      if (result.consumed && result.value > 0) ctx.onQueued?.();
    },
  };
}
