import { type JetStreamClient, jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Logger } from "../logger.ts";
import type { EventSink } from "./dispatcher.ts";
import type { NatsConnectionKeeper } from "./nats-connection.ts";
import { encodeEvent, type NatsSettings, subjectFor } from "./nats-stream.ts";
import type { PublishedEvent } from "./subscriber.ts";

/**
 * Publishes outbox events to JetStream. The event id is the message id (Nats-Msg-Id), so the
 * broker drops a republished event within its duplicate window; `deliver` resolves only on the
 * broker's ack (the event is then stored), which is when the outbox row may be marked.
 */
export function natsPublisher(
  keeper: NatsConnectionKeeper,
  settings: NatsSettings,
  log: Logger,
  publishTimeoutMs = 5000,
): EventSink {
  let client: { nc: NatsConnection; js: JetStreamClient } | undefined;
  const jetStreamOf = (nc: NatsConnection) => {
    if (client?.nc !== nc) client = { nc, js: jetstream(nc) };
    return client.js;
  };
  return {
    isAvailable: () => keeper.current() !== undefined,
    async deliver(event: PublishedEvent) {
      const nc = keeper.current();
      if (!nc) throw new Error("NATS is not connected");
      const ack = await jetStreamOf(nc).publish(subjectFor(settings, event.type), encodeEvent(event), {
        msgID: event.id,
        timeout: publishTimeoutMs,
      });
      if (ack.duplicate) log.debug({ eventId: event.id, seq: ack.seq }, "broker already had this event");
    },
  };
}
