import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { cartTokenHeaders, findCart } from "../cart/index.ts";
import { recordStepView } from "./record-step-view.ts";
import { devices, reportedSteps } from "./steps.ts";

/** Store API: the storefront reports which checkout steps the shopper saw. */
export const analyticsStoreRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/store/analytics/events",
      {
        schema: {
          tags: ["store"],
          summary: "Report a checkout step view",
          description:
            "Records that the shopper saw a step of the checkout, for the merchant's funnel. Fire and forget: " +
            "a repeated report of the same step is accepted and ignored (`recorded: false`).",
          headers: cartTokenHeaders,
          body: z.object({
            cartId: z.string().min(1).max(64),
            step: z.enum(reportedSteps),
            device: z.enum(devices).optional(),
          }),
          response: {
            202: z.object({ recorded: z.boolean().describe("False when this step was already reported.") }),
            ...problems(400, 404),
          },
        },
      },
      async (req, reply) => {
        const cart = await findCart(ctx.db, req.body.cartId, req.headers["x-cart-token"]);
        if (!cart.ok) return sendProblem(reply, cart.failure);
        const recorded = await recordStepView(ctx, cart.value, req.body.step, req.body.device);
        return reply.code(202).send({ recorded });
      },
    );
  };
