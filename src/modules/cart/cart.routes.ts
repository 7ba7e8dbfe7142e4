import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { currencyCodeSchema, moneySchema, problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import type { Failure, Result } from "../../shared/failure.ts";
import { listShippingOptions } from "../shipping/index.ts";
import type { TaxSettings } from "../tax/index.ts";
import { addressSchema } from "./address.schema.ts";
import { type CartRow, findCart } from "./cart.repository.ts";
import { cartSchema, deliveryEstimateSchema, toCartJson } from "./cart.schemas.ts";
import { addLine, maxLineQuantity, removeLine, updateLine } from "./change-lines.ts";
import { createCart } from "./create-cart.ts";
import { applyGiftCard, removeGiftCard } from "./gift-card.ts";
import { priceCart } from "./price-cart.ts";
import { addPromotionCode, removePromotionCode } from "./promotion-codes.ts";
import { setBilling, setContact, setShippingAddress, setShippingMethod } from "./set-checkout-details.ts";

export const cartTokenHeaders = z.object({
  "x-cart-token": z.string().min(10).max(200).describe("The token returned when the cart was created."),
});
const cartParams = z.object({ cartId: z.string().min(1).max(64) });
const lineParams = cartParams.extend({ lineId: z.string().min(1).max(64) });
const cartResponses = { 200: cartSchema, ...problems(400, 404, 409, 422) };

/** Store API: carts and the checkout steps before payment. */
export const cartStoreRoutes =
  (ctx: Context & { currencies: readonly string[]; tax: TaxSettings }): FastifyPluginAsyncZod =>
  async (app) => {
    const price = async (cart: CartRow) =>
      toCartJson(await priceCart(ctx.db, cart, { tax: ctx.tax, at: ctx.clock.now() }));
    /** Re-reads and re-prices the cart after a change, or sends the change's failure. */
    const respond = async (
      reply: FastifyReply,
      access: { cartId: string; token: string },
      change: Result<unknown>,
    ) => {
      if (!change.ok) return sendProblem(reply, change.failure as Failure);
      const cart = await findCart(ctx.db, access.cartId, access.token);
      return cart.ok ? price(cart.value) : sendProblem(reply, cart.failure);
    };
    const access = (req: { params: { cartId: string }; headers: { "x-cart-token": string } }) => ({
      cartId: req.params.cartId,
      token: req.headers["x-cart-token"],
    });

    app.post(
      "/store/carts",
      {
        schema: {
          tags: ["store"],
          summary: "Create a cart",
          description:
            "Returns the cart and its token. Send the token as `X-Cart-Token` on every later cart call.",
          body: z.object({ currency: currencyCodeSchema.optional() }).optional(),
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
          response: cartResponses,
        },
      },
      async (req, reply) => {
        const cart = await findCart(ctx.db, req.params.cartId, req.headers["x-cart-token"]);
        return cart.ok ? price(cart.value) : sendProblem(reply, cart.failure);
      },
    );

    app.post(
      "/store/carts/:cartId/lines",
      {
        schema: {
          tags: ["store"],
          summary: "Add a variant to the cart",
          params: cartParams,
          headers: cartTokenHeaders,
          body: z
            .object({
              variantId: z.string().min(1).max(64).optional(),
              sku: z.string().min(1).max(64).optional(),
              quantity: z.number().int().min(1).max(maxLineQuantity),
            })
            .refine((b) => Boolean(b.variantId) !== Boolean(b.sku), {
              message: "give exactly one of variantId or sku",
              path: ["variantId"],
            }),
          response: cartResponses,
        },
      },
      async (req, reply) => respond(reply, access(req), await addLine(ctx, access(req), req.body)),
    );

    app.patch(
      "/store/carts/:cartId/lines/:lineId",
      {
        schema: {
          tags: ["store"],
          summary: "Change a line's quantity (0 removes it)",
          params: lineParams,
          headers: cartTokenHeaders,
          body: z.object({ quantity: z.number().int().min(0).max(maxLineQuantity) }),
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(
          reply,
          access(req),
          await updateLine(ctx, access(req), { lineId: req.params.lineId, quantity: req.body.quantity }),
        ),
    );

    app.delete(
      "/store/carts/:cartId/lines/:lineId",
      {
        schema: {
          tags: ["store"],
          summary: "Remove a line",
          params: lineParams,
          headers: cartTokenHeaders,
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(reply, access(req), await removeLine(ctx, access(req), req.params.lineId)),
    );

    app.put(
      "/store/carts/:cartId/contact",
      {
        schema: {
          tags: ["store"],
          summary: "Set the contact email (checkout step 1)",
          params: cartParams,
          headers: cartTokenHeaders,
          body: z.object({ email: z.email().max(254) }),
          response: cartResponses,
        },
      },
      async (req, reply) => respond(reply, access(req), await setContact(ctx, access(req), req.body.email)),
    );

    app.put(
      "/store/carts/:cartId/shipping-address",
      {
        schema: {
          tags: ["store"],
          summary: "Set the shipping address (checkout step 2)",
          params: cartParams,
          headers: cartTokenHeaders,
          body: addressSchema,
          response: cartResponses,
        },
      },
      async (req, reply) => respond(reply, access(req), await setShippingAddress(ctx, access(req), req.body)),
    );

    app.put(
      "/store/carts/:cartId/billing",
      {
        schema: {
          tags: ["store"],
          summary: "Set the billing address and VAT ID (optional checkout step)",
          description:
            "`address: null` bills the shipping address. A VAT ID of another EU member state than the seller's makes the sale reverse-charged (0 % VAT, with the legal note on the cart and order).",
          params: cartParams,
          headers: cartTokenHeaders,
          body: z.object({
            address: addressSchema.nullable().default(null),
            vatId: z.string().trim().max(20).nullable().default(null).describe("e.g. DE136695976"),
          }),
          response: cartResponses,
        },
      },
      async (req, reply) => respond(reply, access(req), await setBilling(ctx, access(req), req.body)),
    );

    app.get(
      "/store/carts/:cartId/shipping-options",
      {
        schema: {
          tags: ["store"],
          summary: "List shipping methods for the cart's address",
          params: cartParams,
          headers: cartTokenHeaders,
          response: {
            200: z.array(
              z.object({
                id: z.string(),
                code: z.string(),
                name: z.string(),
                price: moneySchema,
                minTransitDays: z.number().int(),
                maxTransitDays: z.number().int(),
                estimate: deliveryEstimateSchema,
              }),
            ),
            ...problems(404, 422),
          },
        },
      },
      async (req, reply) => {
        const cart = await findCart(ctx.db, req.params.cartId, req.headers["x-cart-token"]);
        if (!cart.ok) return sendProblem(reply, cart.failure);
        const address = cart.value.shippingAddress;
        if (!address)
          return sendProblem(reply, { code: "checkout_incomplete", detail: "Set a shipping address first." });
        const options = await listShippingOptions(ctx.db, {
          country: address.country,
          currency: cart.value.currency,
          at: ctx.clock.now(),
        });
        return options.map(({ methodId, amount, ...o }) => ({
          id: methodId,
          ...o,
          price: { amount, currency: cart.value.currency },
        }));
      },
    );

    app.put(
      "/store/carts/:cartId/shipping-method",
      {
        schema: {
          tags: ["store"],
          summary: "Choose a shipping method (checkout step 3)",
          params: cartParams,
          headers: cartTokenHeaders,
          body: z.object({ methodId: z.string().min(1).max(64) }),
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(reply, access(req), await setShippingMethod(ctx, access(req), req.body.methodId)),
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
          headers: cartTokenHeaders,
          body: z.object({ code: z.string().trim().min(1).max(64) }),
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(
          reply,
          access(req),
          await addPromotionCode(
            { ...ctx, pricing: () => ({ tax: ctx.tax, at: ctx.clock.now() }) },
            access(req),
            req.body.code,
          ),
        ),
    );

    app.delete(
      "/store/carts/:cartId/promotion-codes/:code",
      {
        schema: {
          tags: ["store"],
          summary: "Remove a promotion code",
          params: cartParams.extend({ code: z.string().min(1).max(64) }),
          headers: cartTokenHeaders,
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(reply, access(req), await removePromotionCode(ctx, access(req), req.params.code)),
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
          headers: cartTokenHeaders,
          body: z.object({ code: z.string().trim().min(4).max(40) }),
          response: cartResponses,
        },
      },
      async (req, reply) => respond(reply, access(req), await applyGiftCard(ctx, access(req), req.body.code)),
    );

    app.delete(
      "/store/carts/:cartId/gift-card",
      {
        schema: {
          tags: ["store"],
          summary: "Remove the gift card",
          params: cartParams,
          headers: cartTokenHeaders,
          response: cartResponses,
        },
      },
      async (req, reply) => respond(reply, access(req), await removeGiftCard(ctx, access(req))),
    );
  };
