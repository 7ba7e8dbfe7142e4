import type { Context } from "../../shared/context.ts";
import { consumeOnce } from "../../shared/outbox/consume-once.ts";
import type { EventSubscriber } from "../../shared/outbox/subscriber.ts";
import { isTypeWanted, listWantedTypes, queueEventDeliveries } from "./deliveries.repository.ts";
import { webhookEventTypes } from "./webhook-event-types.ts";
import { webhookBody } from "./webhook-payload.ts";

/**
 * Turns each outbox event into one delivery per enabled endpoint that wants it. Only queues:
 * the sender posts them in the background, so a slow merchant server never holds up the outbox
 * or a checkout (G14). An event delivered again by the outbox queues nothing new (consumeOnce,
 * and the (event, endpoint) unique constraint behind it).
 *
 * Whether any endpoint wants an event's type is asked once per dispatched batch (prepare), not
 * once per event. That answer is read after the batch was claimed, so after every event in it was
 * committed: an endpoint registered (by any process) before an event was written is seen, as with
 * a read per event. One registered later may miss events already written, as it could before.
 */
export function webhooksSubscriber(ctx: Context & { onQueued?: () => void }): EventSubscriber {
  // Event id → whether an endpoint wanted its type when its batch was prepared; emptied by handle.
  let wantedInBatch = new Map<string, boolean>();
  return {
    name: "webhooks",
    types: webhookEventTypes,
    async prepare(events) {
      // A new batch starts after the last one was handled: what is left over is stale.
      wantedInBatch = new Map();
      const wanted = await listWantedTypes(ctx.db, [...new Set(events.map((e) => e.type))]);
      for (const event of events) wantedInBatch.set(event.id, wanted.has(event.type));
    },
    async handle(event) {
      const known = wantedInBatch.get(event.id);
      wantedInBatch.delete(event.id);
      // Without a taker there is nothing to queue, and no consumption row worth keeping.
      if (!(known ?? (await isTypeWanted(ctx.db, event.type)))) return;
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
