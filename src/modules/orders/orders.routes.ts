import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { PaymentsContext } from "../payments/index.ts";
import { cancelOrder } from "./cancel-order.ts";
import { orderSchema, orderStateSchema, toOrderJson } from "./order.schemas.ts";
import { getOrder, listOrders } from "./orders.repository.ts";

/** Admin API: read orders. */
export const ordersAdminRoutes =
  (ctx: PaymentsContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/admin/orders",
      {
        config: { scope: "orders:read" },
        schema: {
          tags: ["admin"],
          summary: "List orders, newest first",
          security: [{ apiKey: [] }],
          querystring: z.object({
            limit: z.coerce.number().int().min(1).max(100).default(20),
            before: z.iso.datetime().optional().describe("Only orders placed before this time (pagination)."),
            email: z.string().max(254).optional(),
            state: orderStateSchema.optional().describe("Only orders in this state."),
            status: z.enum(["placed", "cancelled"]).optional(),
            paymentStatus: orderSchema.shape.paymentStatus.optional(),
            fulfillmentStatus: orderSchema.shape.fulfillmentStatus.optional(),
            from: z.iso.datetime().optional().describe("Only orders placed at or after this time."),
            q: z
              .string()
              .trim()
              .min(1)
              .max(100)
              .optional()
              .describe("Part of the order number or of the email, case-insensitive."),
          }),
          response: {
            200: z.object({ orders: z.array(orderSchema), next: z.string().nullable() }),
            ...problems(400, 401, 403),
          },
        },
      },
      async (req) => {
        const { before, from, q, ...rest } = req.query;
        const found = await listOrders(ctx.db, {
          ...rest,
          before: before ? new Date(before) : undefined,
          from: from ? new Date(from) : undefined,
          search: q,
        });
        const last = found.at(-1);
        return {
          orders: found.map(toOrderJson),
          next: found.length === rest.limit && last ? last.placedAt.toISOString() : null,
        };
      },
    );

    app.get(
      "/admin/orders/:orderId",
      {
        config: { scope: "orders:read" },
        schema: {
          tags: ["admin"],
          summary: "Read an order",
          security: [{ apiKey: [] }],
          params: z.object({ orderId: z.string().min(1).max(64) }),
          response: { 200: orderSchema, ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        const order = await getOrder(ctx.db, req.params.orderId);
        return order
          ? toOrderJson(order)
          : sendProblem(reply, { code: "not_found", detail: `No order ${req.params.orderId}.` });
      },
    );

    app.post(
      "/admin/orders/:orderId/cancel",
      {
        config: { scope: "orders:write" },
        schema: {
          tags: ["admin"],
          summary: "Cancel an order",
          description:
            "Puts the units back in stock, gives back promotion uses and gift-card spend, then voids the payment hold or refunds what was captured. Cancelling again retries a money step that did not finish. An order with shipments is refused with 409 `order_not_cancellable` (`meta.orderState` says its state).",
          security: [{ apiKey: [] }],
          params: z.object({ orderId: z.string().min(1).max(64) }),
          body: z.object({ reason: z.string().trim().min(1).max(500) }),
          response: { 200: orderSchema, ...problems(400, 401, 403, 404, 409, 503) },
        },
      },
      async (req, reply) => {
        const result = await cancelOrder(ctx, req.params.orderId, {
          reason: req.body.reason,
          actor: "merchant",
        });
        return result.ok ? toOrderJson(result.value) : sendProblem(reply, result.failure);
      },
    );
  };
