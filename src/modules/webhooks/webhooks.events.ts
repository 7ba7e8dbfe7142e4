import type { DomainEvent } from "../../shared/outbox/outbox.ts";

/**
 * Written when an endpoint that kept failing is switched off. The URL is left out on purpose:
 * merchants sometimes put a token in it, and events travel to other consumers and logs.
 */
export function endpointDisabled(endpointId: string, failingSince: Date): DomainEvent {
  return {
    type: "webhook_endpoint.disabled",
    aggregateId: endpointId,
    payload: { endpointId, reason: "failing", failingSince: failingSince.toISOString() },
  };
}
