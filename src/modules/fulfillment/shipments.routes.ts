import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idempotent } from "../../http/idempotency.ts";
import { sendProblem, sendResult } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import { buyLabel, getLabelPdf } from "./buy-label.ts";
import { createShipment } from "./create-shipment.ts";
import type { FulfillmentContext } from "./fulfillment-context.ts";
import { markShipped } from "./mark-shipped.ts";
import { getPickList } from "./pick-list.ts";
import { pickListSchema, shipmentSchema, toShipmentJson } from "./shipment.schemas.ts";
import { getShipment, listOrderShipments } from "./shipments.repository.ts";

const orderParams = z.object({ orderId: z.string().min(1).max(64) });
const shipmentParams = z.object({ shipmentId: z.string().min(1).max(64) });
const admin = { tags: ["admin"], security: [{ apiKey: [] }] };

/** Admin API: the pick list, shipments, labels and marking parcels shipped. */
export const shipmentsAdminRoutes =
  (ctx: FulfillmentContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/admin/fulfillment/pick-list",
      {
        config: { scope: "fulfillment:read" },
        schema: {
          ...admin,
          summary: "Units still to ship, by order (oldest first) and in total per SKU",
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
          response: { 200: pickListSchema, ...problems(400, 401, 403) },
        },
      },
      async (req) => {
        const list = await getPickList(ctx.db, req.query.limit);
        return {
          ...list,
          orders: list.orders.map((o) => ({ ...o, placedAt: o.placedAt.toISOString() })),
        };
      },
    );

    app.post(
      "/admin/orders/:orderId/shipments",
      {
        config: { scope: "fulfillment:write" },
        schema: {
          ...admin,
          summary: "Create a shipment for some units of an order",
          description:
            "Split shipments are fine; no SKU ever ships more than was ordered. With CAPTURE_ON=fulfilment the " +
            "payment is captured when a shipment is created (`capture` says how that went). Needs an Idempotency-Key.",
          params: orderParams,
          headers: z.object({ "idempotency-key": z.string().max(255).optional() }),
          body: z.object({
            lines: z
              .array(
                z.object({ sku: z.string().min(1).max(64), quantity: z.number().int().min(1).max(100_000) }),
              )
              .min(1)
              .max(200),
            carrier: z.string().min(1).max(40).optional(),
          }),
          response: {
            201: z.object({
              shipment: shipmentSchema,
              capture: z.enum(["captured", "not_needed", "failed"]),
            }),
            ...problems(400, 401, 403, 404, 409, 422),
          },
        },
      },
      async (req, reply) =>
        idempotent(ctx, req, reply, `shipments:${req.params.orderId}`, async () => {
          const result = await createShipment(ctx, req.params.orderId, req.body, "merchant");
          return {
            status: 201,
            result: result.ok
              ? {
                  ok: true,
                  value: { shipment: toShipmentJson(result.value.shipment), capture: result.value.capture },
                }
              : result,
          };
        }),
    );

    app.get(
      "/admin/orders/:orderId/shipments",
      {
        config: { scope: "fulfillment:read" },
        schema: {
          ...admin,
          summary: "An order's shipments, oldest first",
          params: orderParams,
          response: { 200: z.object({ shipments: z.array(shipmentSchema) }), ...problems(401, 403) },
        },
      },
      async (req) => ({
        shipments: (await listOrderShipments(ctx.db, [req.params.orderId])).map(toShipmentJson),
      }),
    );

    app.get(
      "/admin/shipments/:shipmentId",
      {
        config: { scope: "fulfillment:read" },
        schema: {
          ...admin,
          summary: "Read a shipment",
          params: shipmentParams,
          response: { 200: shipmentSchema, ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        const shipment = await getShipment(ctx.db, req.params.shipmentId);
        return shipment
          ? toShipmentJson(shipment)
          : sendProblem(reply, { code: "not_found", detail: `No shipment ${req.params.shipmentId}.` });
      },
    );

    app.post(
      "/admin/shipments/:shipmentId/label",
      {
        config: { scope: "fulfillment:write" },
        schema: {
          ...admin,
          summary: "Buy the shipment's label from its carrier",
          description: "Returns the shipment with its tracking number. Buying again returns the same label.",
          params: shipmentParams,
          response: { 200: shipmentSchema, ...problems(401, 403, 404, 422, 503) },
        },
      },
      async (req, reply) => {
        const result = await buyLabel(ctx, req.params.shipmentId);
        return sendResult(reply, result.ok ? { ok: true, value: toShipmentJson(result.value) } : result);
      },
    );

    app.get(
      "/admin/shipments/:shipmentId/label.pdf",
      {
        config: { scope: "fulfillment:read" },
        schema: {
          ...admin,
          summary: "Download the shipment's label (application/pdf)",
          params: shipmentParams,
          response: problems(401, 403, 404),
        },
      },
      async (req, reply) => {
        const label = await getLabelPdf(ctx, req.params.shipmentId);
        if (!label)
          return sendProblem(reply, {
            code: "not_found",
            detail: `Shipment ${req.params.shipmentId} does not exist or has no label yet.`,
          });
        // Typed by the problem schemas above; the 200 is raw PDF bytes, outside the zod serializer.
        return (reply as FastifyReply)
          .type("application/pdf")
          .header("content-disposition", `inline; filename="label-${label.trackingNumber}.pdf"`)
          .header("cache-control", "private, no-store")
          .send(label.pdf);
      },
    );

    app.post(
      "/admin/shipments/:shipmentId/ship",
      {
        config: { scope: "fulfillment:write" },
        schema: {
          ...admin,
          summary: "Mark the shipment as handed to the carrier",
          description: "Queues the shipped email. Marking again changes nothing.",
          params: shipmentParams,
          response: { 200: shipmentSchema, ...problems(401, 403, 404, 409) },
        },
      },
      async (req, reply) => {
        const result = await markShipped(ctx, req.params.shipmentId);
        return sendResult(reply, result.ok ? { ok: true, value: toShipmentJson(result.value) } : result);
      },
    );
  };
