import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { moneySchema, problems } from "../../http/schemas.ts";
import { cartTokenHeaders, findCart, priceCart } from "../cart/index.ts";
import { type PayPalClient, paypalAmount } from "../payments/index.ts";
import type { CheckoutContext } from "./complete-checkout.ts";

/**
 * Store API: starts a PayPal payment for what the cart owes now. The shopper approves the
 * returned order in PayPal's window, then completes the cart with `provider: "paypal"` and the
 * order id as `token`. Authorization checks the approved amount still equals the cart's (G3):
 * a cart changed after approval is declined, and the shopper starts a new PayPal payment.
 */
export const paypalOrderStoreRoutes =
  (ctx: CheckoutContext, paypal: PayPalClient): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/store/carts/:cartId/paypal-orders",
      {
        schema: {
          tags: ["store"],
          summary: "Start a PayPal payment for the cart",
          params: z.object({ cartId: z.string().min(1).max(64) }),
          headers: cartTokenHeaders,
          response: {
            201: z.object({
              id: z.string().describe("PayPal order id: the `token` to complete the cart with."),
              approveUrl: z.string().nullable().describe("Where the buyer approves the payment."),
              amount: moneySchema,
            }),
            ...problems(404, 409, 422, 503),
          },
        },
      },
      async (req, reply) => {
        const cart = await findCart(ctx.db, req.params.cartId, req.headers["x-cart-token"]);
        if (!cart.ok) return sendProblem(reply, cart.failure);
        if (cart.value.status !== "open") {
          return sendProblem(reply, {
            code: "cart_not_open",
            detail: "The cart is already being checked out.",
          });
        }
        const priced = await priceCart(ctx.db, cart.value, { tax: ctx.tax, at: ctx.clock.now() });
        if (priced.lines.length === 0 || priced.amountDue <= 0) {
          return sendProblem(reply, { code: "cart_empty", detail: "There is nothing for PayPal to pay." });
        }
        try {
          const order = await paypal.createOrder({
            amount: paypalAmount(priced.amountDue, priced.currency),
            customId: cart.value.id,
            // A new PayPal order per request: an approval is for one amount only.
            requestId: crypto.randomUUID(),
          });
          const approve = order.links?.find((l) => l.rel === "approve" || l.rel === "payer-action");
          return reply.code(201).send({
            id: order.id,
            approveUrl: approve?.href ?? null,
            amount: { amount: priced.amountDue, currency: priced.currency },
          });
        } catch (err) {
          req.log.warn({ err }, "PayPal order not created");
          return sendProblem(reply, {
            code: "payment_provider_unavailable",
            detail: "PayPal is not answering; try again shortly or choose another payment method.",
          });
        }
      },
    );
  };
