import { z } from "zod";
import type { DeliveryRow } from "./deliveries.repository.ts";
import { endpointUrlProblem } from "./endpoint-url.ts";
import type { EndpointRow } from "./endpoints.repository.ts";
import { deliveryStatuses } from "./schema.ts";
import { webhookEventTypes } from "./webhook-event-types.ts";

const urlSchema = z
  .string()
  .max(2048)
  .superRefine((url, ctx) => {
    const problem = endpointUrlProblem(url);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .describe("Where events are POSTed. HTTPS; plain HTTP only to localhost or 127.0.0.1 (development).");

const eventTypesSchema = z
  .array(z.enum(webhookEventTypes))
  .min(1)
  .max(webhookEventTypes.length)
  .nullable()
  .describe("The event types to send; null (or absent on create) for every type.");

export const createEndpointSchema = z.strictObject({
  url: urlSchema,
  description: z.string().max(500).optional(),
  eventTypes: eventTypesSchema.optional(),
  enabled: z.boolean().optional(),
});

export const updateEndpointSchema = z
  .strictObject({
    url: urlSchema.optional(),
    description: z.string().max(500).optional(),
    eventTypes: eventTypesSchema.optional(),
    enabled: z
      .boolean()
      .optional()
      .describe("false disables the endpoint: its deliveries wait until enabled."),
  })
  .refine((b) => Object.keys(b).length > 0, { message: "must change at least one field" });

export const endpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()).nullable().describe("null: every event type."),
    enabled: z.boolean(),
    disabledReason: z
      .enum(["manual", "failing"])
      .nullable()
      .describe("`failing`: switched off after failing without a success for too long; enable it again."),
    secretHint: z
      .string()
      .describe("The start of the signing secret, to tell secrets apart. Never the secret."),
    failingSince: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "WebhookEndpoint" });

export const endpointWithSecretSchema = z
  .object({
    endpoint: endpointSchema,
    secret: z.string().describe("The signing secret (whsec_…). Shown only in this response: store it now."),
  })
  .meta({ id: "WebhookEndpointWithSecret" });

export const deliverySchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    eventId: z.string().describe("Also the webhook-id header: the same on every attempt and replay."),
    eventType: z.string(),
    status: z.enum(deliveryStatuses).describe("`failed`: gave up (dead letter); replay it."),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastAttemptAt: z.string().nullable(),
    lastResponseStatus: z
      .number()
      .int()
      .nullable()
      .describe("HTTP status of the last attempt; null: no answer."),
    lastDurationMs: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: "WebhookDelivery" });

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The endpoint as the Admin API shows it: never the secret, only its hint. */
export const toEndpointJson = (e: EndpointRow): z.input<typeof endpointSchema> => ({
  id: e.id,
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes,
  enabled: e.enabled,
  disabledReason: e.disabledReason,
  secretHint: e.secretHint,
  failingSince: iso(e.failingSince),
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

export const toDeliveryJson = (d: DeliveryRow): z.input<typeof deliverySchema> => ({
  id: d.id,
  endpointId: d.endpointId,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === "pending" ? iso(d.nextAttemptAt) : null,
  lastAttemptAt: iso(d.lastAttemptAt),
  lastResponseStatus: d.lastResponseStatus,
  lastDurationMs: d.lastDurationMs,
  lastError: d.lastError,
  createdAt: d.createdAt.toISOString(),
  deliveredAt: iso(d.deliveredAt),
});
