import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { currencyCodeSchema, problems } from "../../http/schemas.ts";
import { findCartWithLines } from "./cart.repository.ts";
import { cartSchema, toCartJson } from "./cart.schemas.ts";
import {
  type CartRoutesContext,
  cartChangeHeaders,
  cartParams,
  cartResponder,
  cartResponses,
  cartTokenHeaders,
  lineParams,
  suggestionsQuery,
  wants,
} from "./cart-http.ts";
import { addLine, maxLineQuantity, removeLine, updateLine } from "./change-lines.ts";
import { checkoutStepRoutes } from "./checkout-steps.routes.ts";
import { createCart } from "./create-cart.ts";
import { applyGiftCard, removeGiftCard } from "./gift-card.ts";
import { addPromotionCode, removePromotionCode } from "./promotion-codes.ts";

export { cartTokenHeaders };

/** Store API: carts, their lines, codes and gift card; the checkout steps register with them. */
export const cartStoreRoutes =
  (ctx: CartRoutesContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { pricing, price, respond, access } = cartResponder(ctx);
    await app.register(checkoutStepRoutes(ctx));

    app.post(
      "/store/carts",
      {
        schema: {
          tags: ["store"],
          summary: "Create a cart",
          description:
            "Returns the cart and its token. Send the token as `X-Cart-Token` on every later cart call.",
          body: z
            .object({ currency: currencyCodeSchema.optional() })
            .meta({ example: { currency: "EUR" } })
            .optional(),
          response: { 201: z.object({ token: z.string(), cart: cartSchema }), ...problems(400, 422) },
        },
      },
      async (req, reply) => {
        const result = await createCart(ctx, { currency: req.body?.currency });
        if (!result.ok) return sendProblem(reply, result.failure);
        return reply.code(201).send({ token: result.value.token, cart: toCartJson(result.value.cart) });
      },
    );

    app.get(
      "/store/carts/:cartId",
      {
        schema: {
          tags: ["store"],
          summary: "Read a cart, re-validated against current prices and stock",
          params: cartParams,
          headers: cartTokenHeaders,
          querystring: suggestionsQuery(true),
          response: cartResponses,
        },
      },
      async (req, reply) => {
        const read = await findCartWithLines(ctx.db, req.params.cartId, req.headers["x-cart-token"]);
        return read.ok
          ? price(read.value.cart, reply, wants(req.query, true), read.value.lines)
          : sendProblem(reply, read.failure);
      },
    );

    app.post(
      "/store/carts/:cartId/lines",
      {
        schema: {
          tags: ["store"],
          summary: "Add a variant to the cart",
          params: cartParams,
          headers: cartChangeHeaders,
          querystring: suggestionsQuery(true),
          body: z
            .object({
              variantId: z.string().min(1).max(64).optional(),
              sku: z.string().min(1).max(64).optional(),
              quantity: z.number().int().min(1).max(maxLineQuantity),
            })
            .refine((b) => Boolean(b.variantId) !== Boolean(b.sku), {
              message: "give exactly one of variantId or sku",
              path: ["variantId"],
            })
            .meta({ example: { sku: "TEE-M", quantity: 2 } }),
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(reply, access(req), await addLine(ctx, access(req), req.body), wants(req.query, true)),
    );

    app.patch(
      "/store/carts/:cartId/lines/:lineId",
      {
        schema: {
          tags: ["store"],
          summary: "Change a line's quantity (0 removes it)",
          params: lineParams,
          headers: cartChangeHeaders,
          querystring: suggestionsQuery(true),
          body: z
            .object({ quantity: z.number().int().min(0).max(maxLineQuantity) })
            .meta({ example: { quantity: 3 } }),
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(
          reply,
          access(req),
          await updateLine(ctx, access(req), { lineId: req.params.lineId, quantity: req.body.quantity }),
          wants(req.query, true),
        ),
    );

    app.delete(
      "/store/carts/:cartId/lines/:lineId",
      {
        schema: {
          tags: ["store"],
          summary: "Remove a line",
          params: lineParams,
          headers: cartChangeHeaders,
          querystring: suggestionsQuery(true),
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(
          reply,
          access(req),
          await removeLine(ctx, access(req), req.params.lineId),
          wants(req.query, true),
        ),
    );

    app.post(
      "/store/carts/:cartId/promotion-codes",
      {
        schema: {
          tags: ["store"],
          summary: "Enter a promotion code",
          description:
            "Refused with 422 `promotion_code_rejected` and a `reason` (expired, not_found, minimum_not_met, usage_limit_reached, not_combinable, …) when the code would not apply; nothing is kept then.",
          params: cartParams,
          headers: cartChangeHeaders,
          querystring: suggestionsQuery(true),
          body: z.object({ code: z.string().trim().min(1).max(64) }).meta({ example: { code: "SPRING25" } }),
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(
          reply,
          access(req),
          await addPromotionCode({ ...ctx, pricing }, access(req), req.body.code),
          wants(req.query, true),
        ),
    );

    app.delete(
      "/store/carts/:cartId/promotion-codes/:code",
      {
        schema: {
          tags: ["store"],
          summary: "Remove a promotion code",
          params: cartParams.extend({ code: z.string().min(1).max(64) }),
          headers: cartChangeHeaders,
          querystring: suggestionsQuery(true),
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(
          reply,
          access(req),
          await removePromotionCode(ctx, access(req), req.params.code),
          wants(req.query, true),
        ),
    );

    app.put(
      "/store/carts/:cartId/gift-card",
      {
        schema: {
          tags: ["store"],
          summary: "Pay part or all of the cart with a gift card",
          description:
            "The card's balance pays up to the total; `amountDue` is what the payment method is then charged.",
          params: cartParams,
          headers: cartChangeHeaders,
          querystring: suggestionsQuery(true),
          body: z
            .object({ code: z.string().trim().min(4).max(40) })
            .meta({ example: { code: "GC-7KQ2-M9XD-3HTR-WP4B" } }),
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(
          reply,
          access(req),
          await applyGiftCard(ctx, access(req), req.body.code),
          wants(req.query, true),
        ),
    );

    app.delete(
      "/store/carts/:cartId/gift-card",
      {
        schema: {
          tags: ["store"],
          summary: "Remove the gift card",
          params: cartParams,
          headers: cartChangeHeaders,
          querystring: suggestionsQuery(true),
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(reply, access(req), await removeGiftCard(ctx, access(req)), wants(req.query, true)),
    );
  };
