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
    async prepare(events) {
      for (const subscriber of subscribers.all()) {
        if (!subscriber.prepare) continue;
        const theirs = events.filter((e) => subscriber.types.includes(e.type));
        if (theirs.length === 0) continue;
        try {
          await subscriber.prepare(theirs);
        } catch (err) {
          // Only an optimisation lost: handle() reads for itself what prepare() would have.
          log.warn({ err, subscriber: subscriber.name }, "subscriber prepare failed");
        }
      }
    },
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
