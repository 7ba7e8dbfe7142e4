import type { Context } from "../../shared/context.ts";
import type { EventSubscriber, PublishedEvent } from "../../shared/outbox/subscriber.ts";
import { projectEventOnce, projectedEventTypes } from "./project-event.ts";

/** The consumer name: the dedupe key in outbox_consumptions (renaming it replays everything). */
export const analyticsConsumer = "analytics-projection";

/**
 * Feeds the analytics tables from the event stream, once per event id (projectEventOnce): a
 * redelivered event is skipped, so nothing is counted twice. Never on a request path.
 */
export function analyticsSubscriber(ctx: Context): EventSubscriber {
  return {
    name: analyticsConsumer,
    types: projectedEventTypes,
    async handle(event: PublishedEvent) {
      await projectEventOnce(ctx.db, ctx.clock, analyticsConsumer, event);
    },
  };
}
