/**
 * The events a merchant can receive. A subset of the outbox on purpose: internal bookkeeping
 * (promotion redemptions, checkout failures, analytics) is not part of the webhook contract, and
 * a type listed here is a promise to keep its shape.
 */
export const webhookEventTypes = [
  "order.placed",
  "order.cancelled",
  "order.fulfilled",
  "order.state_changed",
  "payment.authorized",
  "payment.failed",
  "payment.captured",
  "payment.refunded",
  "payment.voided",
  "shipment.created",
  "shipment.shipped",
  "shipment.delivered",
  "inventory.adjusted",
  "inventory.low",
  "inventory.replenishment_requested",
  "gift_card.issued",
  "webhook_endpoint.disabled",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Sent only by "send a test event"; never fanned out from the outbox. */
export const testEventType = "webhook.test";
