import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { idempotent } from "../../http/idempotency.ts";
import { sendProblem, sendResult } from "../../http/problem.ts";
import { moneySchema, problems } from "../../http/schemas.ts";
import { cartTokenHeaders, findCart } from "../cart/index.ts";
import { placedOrderSchema, toPlacedOrderJson } from "../orders/index.ts";
import { type CheckoutContext, completeCheckout } from "./complete-checkout.ts";
import { cancelPaymentAction } from "./resume-attempt.ts";
import { paymentSourceOf } from "./tender.ts";

/** Store API: turn a cart into an order. */
export const checkoutStoreRoutes =
  (ctx: CheckoutContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/store/carts/:cartId/complete",
      {
        schema: {
          tags: ["store"],
          summary: "Pay and place the order",
          description:
            "Authorizes the payment and places the order, exactly once per cart. Requires an `Idempotency-Key` " +
            "(one per attempt); a repeat returns the original response with `Idempotent-Replayed: true`. Completing " +
            "a cart that is already an order returns that order. When the bank asks for 3-D Secure the answer is " +
            "`402 payment_action_required` with `action` (`url` of the challenge page, or Stripe's `clientSecret`); " +
            "after the challenge, send the same request again: it resumes the same attempt.",
          params: z.object({ cartId: z.string().min(1).max(64) }),
          headers: cartTokenHeaders.extend({
            "idempotency-key": z
              .string()
              .min(1)
              .max(255)
              .describe("Unique per checkout attempt, e.g. a UUID."),
          }),
          body: z.object({
            payment: z.object({
              provider: z
                .string()
                .min(1)
                .max(40)
                .describe("Payment provider, e.g. `test`, `stripe`, `bank_transfer`, `purchase_order`."),
              token: z
                .string()
                .min(1)
                .max(200)
                .optional()
                .describe(
                  "A payment token from the provider (never card data), e.g. tok_visa. Required for card providers.",
                ),
              purchaseOrderNumber: z
                .string()
                .trim()
                .min(1)
                .max(35)
                .regex(/^[\w ./-]+$/, "may hold letters, digits, spaces and . / - _")
                .optional()
                .describe("The buyer's purchase order number; required for `purchase_order`."),
            }),
            expectedTotal: moneySchema
              .optional()
              .describe("The total the shopper saw; refused with price_changed if it moved."),
          }),
          response: { 200: placedOrderSchema, ...problems(400, 402, 403, 404, 409, 422, 503) },
        },
      },
      async (req, reply) => {
        const token = req.headers["x-cart-token"];
        const cart = await findCart(ctx.db, req.params.cartId, token);
        if (!cart.ok) return sendProblem(reply, cart.failure);
        // Like other input validation, refused before the key is claimed: nothing is stored.
        const provider = req.body.payment.provider;
        if (!ctx.gateways.has(provider)) {
          return sendProblem(reply, {
            code: "unsupported_payment_provider",
            detail: `Payment provider ${provider} is not enabled.`,
          });
        }
        const source = paymentSourceOf(req.body.payment);
        if (!source.ok) return sendProblem(reply, source.failure);
        return idempotent(ctx, req, reply, `cart:${req.params.cartId}`, async () => {
          const result = await completeCheckout(ctx, {
            cartId: req.params.cartId,
            token,
            payment: { provider, source: source.value },
            expectedTotal: req.body.expectedTotal,
            cart: cart.value,
          });
          return {
            result: result.ok ? { ok: true, value: toPlacedOrderJson(result.value) } : result,
            status: 200,
          };
        });
      },
    );

    app.post(
      "/store/carts/:cartId/payment-action/cancel",
      {
        schema: {
          tags: ["store"],
          summary: "Give up a payment step (3-D Secure)",
          description:
            "The shopper closed the 3-D Secure challenge. The waiting attempt is released: its stock, codes and " +
            "gift card go back, the payment is cancelled at the provider and the cart opens again, so the " +
            "shopper can pay another way. If the challenge had already placed the order, `placed` says so. " +
            "Safe to repeat: with nothing waiting it answers 409 `payment_action_not_pending`.",
          params: z.object({ cartId: z.string().min(1).max(64) }),
          headers: cartTokenHeaders,
          response: {
            200: z
              .object({
                result: z
                  .enum(["cancelled", "placed"])
                  .describe("cancelled: the cart is open again; placed: the order exists, show it."),
              })
              .meta({ id: "PaymentActionCancel" }),
            ...problems(404, 409),
          },
        },
      },
      async (req, reply) => {
        const cart = await findCart(ctx.db, req.params.cartId, req.headers["x-cart-token"]);
        if (!cart.ok) return sendProblem(reply, cart.failure);
        return sendResult(reply, await cancelPaymentAction(ctx, req.params.cartId));
      },
    );
  };
