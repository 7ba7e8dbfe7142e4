import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import { getDelivery, listDeliveries, requeueDelivery, requeueFailedSince } from "./deliveries.repository.ts";
import { deleteEndpoint, getEndpoint, listEndpoints } from "./endpoints.repository.ts";
import {
  createEndpoint,
  rotateSecret,
  sendTestEvent,
  updateEndpoint,
  type WebhooksContext,
} from "./manage-endpoints.ts";
import { deliveryStatuses } from "./schema.ts";
import { webhookEventTypes } from "./webhook-event-types.ts";
import {
  createEndpointSchema,
  deliverySchema,
  endpointSchema,
  endpointWithSecretSchema,
  toDeliveryJson,
  toEndpointJson,
  updateEndpointSchema,
} from "./webhooks.schemas.ts";

const read = { scope: "webhooks:read" };
const write = { scope: "webhooks:write" };
const common = { tags: ["admin"], security: [{ apiKey: [] }] };
const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "is not a valid id");
const endpointParams = z.object({ endpointId: id });
const notFound = (id: string) => ({ code: "not_found", detail: `No webhook endpoint ${id}.` });

/** Admin API: the merchant's webhook endpoints, their deliveries, tests and replays. */
export const webhooksAdminRoutes =
  (ctx: WebhooksContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/admin/webhook-event-types",
      {
        config: read,
        schema: {
          ...common,
          summary: "List the event types an endpoint can subscribe to",
          response: { 200: z.object({ eventTypes: z.array(z.string()) }), ...problems(401, 403) },
        },
      },
      async () => ({ eventTypes: [...webhookEventTypes] }),
    );

    app.post(
      "/admin/webhook-endpoints",
      {
        config: write,
        schema: {
          ...common,
          summary: "Register a webhook endpoint",
          description:
            "Returns the endpoint and its signing secret (whsec_…), which is shown only here. Messages are " +
            "signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature).",
          body: createEndpointSchema,
          response: { 201: endpointWithSecretSchema, ...problems(400, 401, 403) },
        },
      },
      async (req, reply) => {
        const { endpoint, secret } = await createEndpoint(ctx, req.body);
        return reply.code(201).send({ endpoint: toEndpointJson(endpoint), secret });
      },
    );

    app.get(
      "/admin/webhook-endpoints",
      {
        config: read,
        schema: {
          ...common,
          summary: "List webhook endpoints, newest first",
          response: { 200: z.object({ endpoints: z.array(endpointSchema) }), ...problems(401, 403) },
        },
      },
      async () => ({ endpoints: (await listEndpoints(ctx.db)).map(toEndpointJson) }),
    );

    app.get(
      "/admin/webhook-endpoints/:endpointId",
      {
        config: read,
        schema: {
          ...common,
          summary: "Read a webhook endpoint",
          params: endpointParams,
          response: { 200: endpointSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const endpoint = await getEndpoint(ctx.db, req.params.endpointId);
        if (!endpoint) return sendProblem(reply, notFound(req.params.endpointId));
        return toEndpointJson(endpoint);
      },
    );

    app.patch(
      "/admin/webhook-endpoints/:endpointId",
      {
        config: write,
        schema: {
          ...common,
          summary: "Change, disable or enable a webhook endpoint",
          description:
            "`enabled: false` disables it: new events are not queued for it and queued ones wait. " +
            "`enabled: true` enables it again (also after it was disabled for failing).",
          params: endpointParams,
          body: updateEndpointSchema,
          response: { 200: endpointSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const result = await updateEndpoint(ctx, req.params.endpointId, req.body);
        if (!result.ok) return sendProblem(reply, result.failure);
        return toEndpointJson(result.value);
      },
    );

    app.delete(
      "/admin/webhook-endpoints/:endpointId",
      {
        config: write,
        schema: {
          ...common,
          summary: "Delete a webhook endpoint and its delivery history",
          params: endpointParams,
          response: { 204: z.null(), ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        if (!(await deleteEndpoint(ctx.db, req.params.endpointId)))
          return sendProblem(reply, notFound(req.params.endpointId));
        return reply.code(204).send(null);
      },
    );

    app.post(
      "/admin/webhook-endpoints/:endpointId/rotate-secret",
      {
        config: write,
        schema: {
          ...common,
          summary: "Issue a new signing secret",
          description:
            "Returns the new secret, shown only here. For 24 hours messages carry two signatures, one per " +
            "secret, so the receiver can switch over without rejecting anything.",
          params: endpointParams,
          response: { 200: endpointWithSecretSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const result = await rotateSecret(ctx, req.params.endpointId);
        if (!result.ok) return sendProblem(reply, result.failure);
        return { endpoint: toEndpointJson(result.value.endpoint), secret: result.value.secret };
      },
    );

    app.post(
      "/admin/webhook-endpoints/:endpointId/test",
      {
        config: write,
        schema: {
          ...common,
          summary: "Send a test event (webhook.test) to the endpoint",
          params: endpointParams,
          response: { 202: deliverySchema, ...problems(400, 401, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        const result = await sendTestEvent(ctx, req.params.endpointId);
        if (!result.ok) return sendProblem(reply, result.failure);
        return reply.code(202).send(toDeliveryJson(result.value));
      },
    );

    app.get(
      "/admin/webhook-endpoints/:endpointId/deliveries",
      {
        config: read,
        schema: {
          ...common,
          summary: "List an endpoint's deliveries with status, attempts, response code and duration",
          params: endpointParams,
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(100).default(20),
            status: z.enum(deliveryStatuses).optional(),
            before: z.iso
              .datetime()
              .optional()
              .describe("Only deliveries queued before this time (pagination)."),
          }),
          response: {
            200: z.object({ deliveries: z.array(deliverySchema), next: z.string().nullable() }),
            ...problems(400, 401, 403, 404),
          },
        },
      },
      async (req, reply) => {
        const { endpointId } = req.params;
        if (!(await getEndpoint(ctx.db, endpointId))) return sendProblem(reply, notFound(endpointId));
        const { before, ...rest } = req.query;
        const found = await listDeliveries(ctx.db, endpointId, {
          ...rest,
          before: before ? new Date(before) : undefined,
        });
        const last = found.at(-1);
        return {
          deliveries: found.map(toDeliveryJson),
          next: found.length === rest.limit && last ? last.createdAt.toISOString() : null,
        };
      },
    );

    app.post(
      "/admin/webhook-endpoints/:endpointId/deliveries/:deliveryId/replay",
      {
        config: write,
        schema: {
          ...common,
          summary: "Send a delivery again",
          description:
            "Queues it again with a fresh count of attempts, whatever its status. Same body, same webhook-id: " +
            "a receiver that already processed it can tell.",
          params: z.object({ endpointId: id, deliveryId: id }),
          response: { 202: deliverySchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const { endpointId, deliveryId } = req.params;
        if (!(await getDelivery(ctx.db, endpointId, deliveryId)))
          return sendProblem(reply, {
            code: "not_found",
            detail: `No delivery ${deliveryId} for ${endpointId}.`,
          });
        const delivery = await requeueDelivery(ctx.db, endpointId, deliveryId);
        if (!delivery) return sendProblem(reply, { code: "not_found", detail: `No delivery ${deliveryId}.` });
        ctx.onQueued?.();
        return reply.code(202).send(toDeliveryJson(delivery));
      },
    );

    app.post(
      "/admin/webhook-endpoints/:endpointId/replay-failed",
      {
        config: write,
        schema: {
          ...common,
          summary: "Send again every failed delivery queued since a time",
          params: endpointParams,
          body: z.strictObject({
            since: z.iso
              .datetime({ offset: true })
              .describe("Failed deliveries queued at or after this time."),
          }),
          response: { 202: z.object({ requeued: z.number().int() }), ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const { endpointId } = req.params;
        if (!(await getEndpoint(ctx.db, endpointId))) return sendProblem(reply, notFound(endpointId));
        const requeued = await requeueFailedSince(ctx.db, endpointId, new Date(req.body.since));
        if (requeued > 0) ctx.onQueued?.();
        return reply.code(202).send({ requeued });
      },
    );
  };
