// Owns outgoing merchant webhooks: endpoints, their signing secrets, the delivery queue and its
// sender. Does not own the events: it reads them from the outbox like any other consumer.

export { createEndpoint, type EndpointInput, type WebhooksContext } from "./manage-endpoints.ts";
export { fetchPostWebhook, type PostOutcome, type PostWebhook } from "./post-webhook.ts";
export { createSecretBox, type SecretBox } from "./signing-secret.ts";
export { testEventType, type WebhookEventType, webhookEventTypes } from "./webhook-event-types.ts";
export { type SendReport, WebhookSender, type WebhookSenderOptions } from "./webhook-sender.ts";
export { webhooksAdminRoutes } from "./webhooks.routes.ts";
export { webhooksSubscriber } from "./webhooks.subscriber.ts";
