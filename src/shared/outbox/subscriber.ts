/** An outbox event as delivered to consumers: what `recordEvents` wrote, plus its id and time. */
export interface PublishedEvent<T = Record<string, unknown>> {
  /** Unique and stable across redeliveries: consumers deduplicate by it. */
  id: string;
  type: string;
  aggregateId: string;
  payload: T;
  occurredAt: Date;
}

/**
 * Something that reacts to events (a mailer, an analytics feed). Delivery is at least once, so
 * `handle` may see the same event id again after a crash or a retry: do the work through
 * `consumeOnce` so the effect happens once. Throwing gets the event delivered again later.
 */
export interface EventSubscriber {
  /**
   * Stable and unique: the dedup key in outbox_consumptions and, with NATS, the durable consumer
   * name. Renaming it starts from scratch (every retained event is delivered again).
   */
  readonly name: string;
  /** Event types it wants, e.g. `["order.placed"]`. */
  readonly types: readonly string[];
  handle(event: PublishedEvent): Promise<void>;
  /**
   * Optional. Called by the in-process sink once per dispatched batch, after the batch was claimed
   * and before `handle` sees any of it, with the batch's events of this subscriber's types: for a
   * read one query can answer for the whole batch instead of one per event. Not called on the
   * broker's path; `handle` must work without it. Throwing is logged and otherwise ignored.
   */
  prepare?(events: readonly PublishedEvent[]): Promise<void>;
}

const subscriberName = /^[A-Za-z0-9_-]{1,64}$/;

/** The subscribers of one process. Names must be unique and usable as NATS durable names. */
export class SubscriberRegistry {
  readonly #all = new Map<string, EventSubscriber>();

  add(subscriber: EventSubscriber): void {
    if (!subscriberName.test(subscriber.name))
      throw new Error(`subscriber name "${subscriber.name}" must be 1-64 of A-Z, a-z, 0-9, _ and -`);
    if (this.#all.has(subscriber.name))
      throw new Error(`subscriber "${subscriber.name}" is already registered`);
    if (subscriber.types.length === 0)
      throw new Error(`subscriber "${subscriber.name}" lists no event types`);
    this.#all.set(subscriber.name, subscriber);
  }

  all(): EventSubscriber[] {
    return [...this.#all.values()];
  }

  forType(type: string): EventSubscriber[] {
    return this.all().filter((s) => s.types.includes(type));
  }
}
