import type { PublishedEvent } from "../../shared/outbox/subscriber.ts";

/**
 * Keys never sent to a merchant's server, at any depth. `accessToken`: order.placed carries the
 * shopper's raw order-status token for the confirmation mailer; whoever holds it can read the
 * order as the shopper. The rest guard against card data or secrets a future event might carry (G15).
 */
const withheld = new Set(
  ["accessToken", "token", "secret", "password", "cardNumber", "pan", "cvc", "cvv", "securityCode"].map((k) =>
    k.toLowerCase(),
  ),
);

/** The JSON body of a webhook: `{ id, type, timestamp, data }`, with withheld keys removed. */
export function webhookBody(event: Pick<PublishedEvent, "id" | "type" | "payload" | "occurredAt">): string {
  return JSON.stringify({
    id: event.id,
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: redact(event.payload),
  });
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !withheld.has(key.toLowerCase()))
      .map(([key, v]) => [key, redact(v)]),
  );
}
