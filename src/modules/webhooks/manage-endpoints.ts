import { eq } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { type DeliveryRow, queueDelivery } from "./deliveries.repository.ts";
import { type EndpointRow, getEndpoint } from "./endpoints.repository.ts";
import { webhookEndpoints } from "./schema.ts";
import { newSigningSecret, type SecretBox, secretHint } from "./signing-secret.ts";
import { testEventType, type WebhookEventType } from "./webhook-event-types.ts";
import { webhookBody } from "./webhook-payload.ts";

export interface WebhooksContext extends Context {
  secrets: SecretBox;
  /** Called after a delivery was queued, so the sender starts without waiting for its tick. */
  onQueued?: () => void;
}

export interface EndpointInput {
  url: string;
  description?: string | undefined;
  /** Null or absent: every event type. */
  eventTypes?: readonly WebhookEventType[] | null | undefined;
  enabled?: boolean | undefined;
}

/** How long a rotated-out secret keeps signing next to the new one. */
const rotationGraceMs = 24 * 3_600_000;

/** Registers an endpoint. Returns it with its signing secret, which is never shown again. */
export async function createEndpoint(
  ctx: WebhooksContext,
  input: EndpointInput,
): Promise<{ endpoint: EndpointRow; secret: string }> {
  const at = ctx.clock.now();
  const secret = newSigningSecret();
  const enabled = input.enabled ?? true;
  const [endpoint] = await ctx.db
    .insert(webhookEndpoints)
    .values({
      id: newId("whe"),
      url: input.url,
      description: input.description ?? "",
      eventTypes: input.eventTypes ? [...new Set(input.eventTypes)] : null,
      enabled,
      disabledReason: enabled ? null : "manual",
      secretCiphertext: ctx.secrets.seal(secret),
      secretHint: secretHint(secret),
      createdAt: at,
      updatedAt: at,
    })
    .returning();
  return { endpoint: endpoint!, secret };
}

/**
 * Changes what is given. Enabling starts the endpoint afresh (its failing period forgotten), and
 * its pending deliveries go out again; disabling holds them.
 */
export async function updateEndpoint(
  ctx: WebhooksContext,
  id: string,
  input: Partial<EndpointInput>,
): Promise<Result<EndpointRow>> {
  const at = ctx.clock.now();
  const [row] = await ctx.db
    .update(webhookEndpoints)
    .set({
      updatedAt: at,
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.eventTypes !== undefined
        ? { eventTypes: input.eventTypes ? [...new Set(input.eventTypes)] : null }
        : {}),
      ...(input.enabled === true ? { enabled: true, disabledReason: null, failingSince: null } : {}),
      ...(input.enabled === false ? { enabled: false, disabledReason: "manual" as const } : {}),
    })
    .where(eq(webhookEndpoints.id, id))
    .returning();
  if (!row) return fail("not_found", `No webhook endpoint ${id}.`);
  if (input.enabled === true) ctx.onQueued?.();
  return ok(row);
}

/**
 * Issues a new signing secret. The old one keeps signing beside it (two signatures in
 * `webhook-signature`) for 24 hours, so receivers can switch without rejecting anything.
 */
export async function rotateSecret(
  ctx: WebhooksContext,
  id: string,
): Promise<Result<{ endpoint: EndpointRow; secret: string }>> {
  const at = ctx.clock.now();
  const secret = newSigningSecret();
  const endpoint = await ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, id))
      .for("update");
    if (!current) return undefined;
    const [row] = await tx
      .update(webhookEndpoints)
      .set({
        secretCiphertext: ctx.secrets.seal(secret),
        secretHint: secretHint(secret),
        previousSecretCiphertext: current.secretCiphertext,
        previousSecretExpiresAt: new Date(at.getTime() + rotationGraceMs),
        updatedAt: at,
      })
      .where(eq(webhookEndpoints.id, id))
      .returning();
    return row;
  });
  if (!endpoint) return fail("not_found", `No webhook endpoint ${id}.`);
  return ok({ endpoint, secret });
}

/** Queues a `webhook.test` message for one enabled endpoint, sent like any other delivery. */
export async function sendTestEvent(ctx: WebhooksContext, id: string): Promise<Result<DeliveryRow>> {
  const endpoint = await getEndpoint(ctx.db, id);
  if (!endpoint) return fail("not_found", `No webhook endpoint ${id}.`);
  if (!endpoint.enabled)
    return fail("webhook_endpoint_disabled", `Webhook endpoint ${id} is disabled; enable it first.`);
  const at = ctx.clock.now();
  const eventId = newId("evt");
  const body = webhookBody({
    id: eventId,
    type: testEventType,
    occurredAt: at,
    payload: { endpointId: id, message: "A test event from Cartwright." },
  });
  const delivery = await queueDelivery(
    ctx.db,
    { endpointId: id, eventId, eventType: testEventType, body },
    at,
  );
  ctx.onQueued?.();
  return ok(delivery);
}
