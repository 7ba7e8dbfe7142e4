import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { cartSchema, toCartJson } from "../cart/index.ts";
import type { TaxSettings } from "../tax/index.ts";
import { recordUnsubscribe } from "./record-unsubscribe.ts";
import { restoreCart } from "./restore-cart.ts";

const linkToken = z.object({
  token: z.string().min(10).max(1000).describe("The `token` from the email link's fragment."),
});

/** Store API: what the links in a cart reminder open. */
export const recoveryStoreRoutes =
  (ctx: Context & { tax: TaxSettings; secret: string }): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/store/recovery/restore",
      {
        schema: {
          tags: ["store"],
          summary: "Restore an abandoned cart from a reminder link",
          description:
            "Exchanges the signed token of a cart reminder's link for the cart and a new cart token (send it as " +
            "`X-Cart-Token` from then on; the cart's previous token stops working). 400 `recovery_link_invalid` " +
            "for a changed token, 410 `recovery_link_expired` once it expired, 409 `cart_not_open` when the cart " +
            "was already ordered.",
          body: linkToken,
          response: {
            200: z.object({ token: z.string(), cart: cartSchema }),
            ...problems(400, 404, 409, 410),
          },
        },
      },
      async (req, reply) => {
        const result = await restoreCart(ctx, req.body.token);
        if (!result.ok) return sendProblem(reply, result.failure);
        return { token: result.value.token, cart: toCartJson(result.value.cart) };
      },
    );

    app.post(
      "/store/recovery/unsubscribe",
      {
        schema: {
          tags: ["store"],
          summary: "Stop cart reminders for an email address",
          description:
            "Takes the signed token of a reminder's unsubscribe link; no reminder is sent to that address again. " +
            "Idempotent.",
          body: linkToken,
          response: { 200: z.object({ unsubscribed: z.literal(true) }), ...problems(400) },
        },
      },
      async (req, reply) => {
        const result = await recordUnsubscribe(ctx, req.body.token);
        if (!result.ok) return sendProblem(reply, result.failure);
        return { unsubscribed: true as const };
      },
    );
  };
