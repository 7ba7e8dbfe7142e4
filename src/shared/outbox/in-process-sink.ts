import type { Logger } from "../logger.ts";
import type { EventSink } from "./dispatcher.ts";
import type { PublishedEvent, SubscriberRegistry } from "./subscriber.ts";

/**
 * Delivers events to this process's subscribers (the embedded default, no broker). Every
 * subscriber gets the event even when another throws; if any threw, the event is retried for
 * all, and those that already applied it skip it through consumeOnce.
 */
export function inProcessSink(subscribers: SubscriberRegistry, log: Logger): EventSink {
  return {
    isAvailable: () => true,
    async deliver(event: PublishedEvent) {
      const failed: string[] = [];
      for (const subscriber of subscribers.forType(event.type)) {
        try {
          await subscriber.handle(event);
        } catch (err) {
          failed.push(subscriber.name);
          log.warn({ err, subscriber: subscriber.name, eventId: event.id }, "subscriber failed");
        }
      }
      if (failed.length > 0) throw new Error(`subscribers failed: ${failed.join(", ")}`);
    },
  };
}
