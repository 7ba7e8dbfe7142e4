import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { findOrderForShopper } from "./order-access.ts";
import { orderStatusSchema, toOrderStatusJson } from "./order-status.schemas.ts";

export const orderTokenHeaders = z.object({
  "x-order-token": z
    .string()
    .min(10)
    .max(200)
    .describe("The order's access token: from the completion response or the confirmation email link."),
});

/** Store API: the shopper's order status page, opened by the order's access token. */
export const ordersStoreRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/store/orders/:orderId",
      {
        schema: {
          tags: ["store"],
          summary: "Read an order's status",
          description:
            "Status, timeline, lines, totals and the delivery estimate. A wrong token answers 404, like an " +
            "unknown order.",
          params: z.object({ orderId: z.string().min(1).max(64) }),
          headers: orderTokenHeaders,
          response: { 200: orderStatusSchema, ...problems(400, 404) },
        },
      },
      async (req, reply) => {
        const order = await findOrderForShopper(ctx.db, req.params.orderId, req.headers["x-order-token"]);
        return order
          ? toOrderStatusJson(order)
          : sendProblem(reply, {
              code: "not_found",
              detail: `No order ${req.params.orderId} for this token.`,
            });
      },
    );
  };
