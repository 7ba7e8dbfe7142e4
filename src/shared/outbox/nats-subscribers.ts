import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamManager,
  type JsMsg,
  jetstream,
  jetstreamManager,
} from "@nats-io/jetstream";
import { type NatsConnection, nanos } from "@nats-io/transport-node";
import type { Logger } from "../logger.ts";
import { decodeEvent, type NatsSettings, subjectFor } from "./nats-stream.ts";
import { retryDelayMs } from "./retry-delay.ts";
import type { EventSubscriber } from "./subscriber.ts";

/**
 * Feeds this process's subscribers from JetStream: one durable consumer per subscriber name,
 * shared by every replica (each event goes to one replica per subscriber). Redeliveries happen
 * (a lost ack, a crash, an ack wait exceeded), so subscribers deduplicate with consumeOnce.
 * A failing subscriber gets its message back later with backoff; the others are not held up.
 */
export class JetStreamSubscribers {
  readonly #settings: NatsSettings;
  readonly #log: Logger;
  readonly #attached = new Map<string, ConsumerMessages>();
  readonly #loops = new Set<Promise<void>>();
  #stopped = false;

  constructor(settings: NatsSettings, log: Logger) {
    this.#settings = settings;
    this.#log = log;
  }

  /** Creates (or updates) the durable consumers of those not yet attached and starts feeding them. */
  async attach(nc: NatsConnection, subscribers: EventSubscriber[]): Promise<void> {
    const pending = subscribers.filter((s) => !this.#attached.has(s.name));
    if (pending.length === 0 || this.#stopped) return;
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    for (const subscriber of pending) {
      await this.#ensureConsumer(jsm, subscriber);
      const consumer = await js.consumers.get(this.#settings.stream, subscriber.name);
      const messages = await consumer.consume({ max_messages: 100 });
      this.#attached.set(subscriber.name, messages);
      const loop = this.#feed(subscriber, messages).finally(() => {
        this.#loops.delete(loop);
        this.#attached.delete(subscriber.name);
      });
      this.#loops.add(loop);
    }
  }

  async #ensureConsumer(jsm: JetStreamManager, subscriber: EventSubscriber): Promise<void> {
    // One subject filters on the server. Several would need filter_subjects (server 2.10+), so
    // such a subscriber reads the whole stream and skips what it did not ask for (see #handle).
    const filter =
      subscriber.types.length === 1
        ? subjectFor(this.#settings, subscriber.types[0]!)
        : `${this.#settings.subjectPrefix}.>`;
    const config: Partial<ConsumerConfig> = {
      durable_name: subscriber.name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: filter,
      // Never give up on an event: a subscriber that keeps failing is an alert, not a drop.
      max_deliver: -1,
      ack_wait: nanos(30_000),
    };
    try {
      await jsm.consumers.add(this.#settings.stream, config);
    } catch (err) {
      // It exists with other settings (the subscriber changed its types): move the filter.
      const existing = await jsm.consumers
        .info(this.#settings.stream, subscriber.name)
        .catch(() => undefined);
      if (!existing) throw err;
      await jsm.consumers.update(this.#settings.stream, subscriber.name, { filter_subject: filter });
    }
  }

  /** Stops fetching and waits for the message in hand; unacked messages are redelivered later. */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const messages of this.#attached.values()) await messages.close().catch(() => {});
    await Promise.all([...this.#loops]);
  }

  async #feed(subscriber: EventSubscriber, messages: ConsumerMessages): Promise<void> {
    try {
      for await (const message of messages) await this.#handle(subscriber, message);
    } catch (err) {
      this.#log.error({ err, subscriber: subscriber.name }, "JetStream consumer stopped");
    }
  }

  async #handle(subscriber: EventSubscriber, message: JsMsg): Promise<void> {
    let event: ReturnType<typeof decodeEvent>;
    try {
      event = decodeEvent(message.string());
    } catch (err) {
      // Not something Cartwright wrote: redelivering cannot help.
      this.#log.error({ err, subject: message.subject, seq: message.seq }, "unreadable event message");
      message.term("unreadable");
      return;
    }
    if (!subscriber.types.includes(event.type)) {
      message.ack();
      return;
    }
    try {
      await subscriber.handle(event);
      message.ack();
    } catch (err) {
      const attempts = message.info.deliveryCount;
      this.#log.warn(
        { err, subscriber: subscriber.name, eventId: event.id, attempts },
        "subscriber failed; will retry",
      );
      message.nak(retryDelayMs(attempts));
    }
  }
}
