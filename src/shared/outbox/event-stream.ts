import { jetstreamManager } from "@nats-io/jetstream";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import { type DispatcherHooks, OutboxDispatcher } from "./dispatcher.ts";
import { inProcessSink } from "./in-process-sink.ts";
import { NatsConnectionKeeper } from "./nats-connection.ts";
import { natsPublisher } from "./nats-publisher.ts";
import { ensureStream, type NatsSettings } from "./nats-stream.ts";
import { JetStreamSubscribers } from "./nats-subscribers.ts";
import { type EventSubscriber, SubscriberRegistry } from "./subscriber.ts";

/** The process's side of the event stream: subscribe before or after start, dispatch in the background. */
export interface EventStream {
  /** Registers a subscriber; with NATS it gets its durable consumer once connected. */
  subscribe(subscriber: EventSubscriber): void;
  /** Starts the outbox dispatcher (and the broker connection). Returns at once. */
  start(): void;
  /** Asks for a dispatch pass now instead of at the next poll. */
  kick(): void;
  /** One dispatch pass, awaited (tests, scripts). Returns how many events it claimed. */
  dispatchOnce(): Promise<number>;
  /** Stops dispatching and consuming; undelivered events stay in the outbox. */
  stop(): Promise<void>;
}

export interface EventStreamOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Publish to JetStream and feed subscribers from it; absent: deliver in-process. */
  nats?: NatsSettings | undefined;
  pollIntervalMs?: number;
  hooks?: DispatcherHooks;
}

/**
 * Wires the outbox to its consumers. Without a broker, the dispatcher calls this process's
 * subscribers directly. With NATS, it publishes every event to the stream, and subscribers read
 * from durable consumers, so other services (and every replica) see the same events.
 */
export function createEventStream(options: EventStreamOptions): EventStream {
  const log = options.log.child({ component: "events" });
  const subscribers = new SubscriberRegistry();
  const dispatcherOptions = {
    db: options.db,
    clock: options.clock,
    log,
    pollIntervalMs: options.pollIntervalMs,
    hooks: options.hooks,
  };
  const nats = options.nats;
  if (!nats) {
    const dispatcher = new OutboxDispatcher({ ...dispatcherOptions, sink: inProcessSink(subscribers, log) });
    return {
      subscribe: (s) => subscribers.add(s),
      start: () => dispatcher.start(),
      kick: () => dispatcher.kick(),
      dispatchOnce: () => dispatcher.dispatchOnce(),
      stop: () => dispatcher.stop(),
    };
  }

  const consumers = new JetStreamSubscribers(nats, log);
  const keeper: NatsConnectionKeeper = new NatsConnectionKeeper({
    servers: nats.servers,
    log,
    async onConnect(nc) {
      await ensureStream(await jetstreamManager(nc), nats);
      await consumers.attach(nc, subscribers.all());
    },
  });
  const dispatcher = new OutboxDispatcher({ ...dispatcherOptions, sink: natsPublisher(keeper, nats, log) });
  return {
    subscribe(subscriber) {
      subscribers.add(subscriber);
      const nc = keeper.current();
      if (nc)
        consumers
          .attach(nc, [subscriber])
          .catch((err) => log.error({ err, subscriber: subscriber.name }, "could not attach subscriber"));
    },
    start() {
      keeper.start();
      dispatcher.start();
    },
    kick: () => dispatcher.kick(),
    dispatchOnce: () => dispatcher.dispatchOnce(),
    async stop() {
      await dispatcher.stop();
      await consumers.stop();
      await keeper.stop();
    },
  };
}
