import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { currencyCodeSchema, moneySchema, problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import type { Failure, Result } from "../../shared/failure.ts";
import type { PriceSettings } from "../catalog/index.ts";
import { listShippingOptions } from "../shipping/index.ts";
import type { TaxSettings } from "../tax/index.ts";
import { acknowledgePrices } from "./acknowledge-prices.ts";
import { addressSchema } from "./address.schema.ts";
import { type CartRow, findCart } from "./cart.repository.ts";
import { cartSchema, deliveryEstimateSchema, pickupLocationSchema, toCartJson } from "./cart.schemas.ts";
import { addLine, maxLineQuantity, removeLine, updateLine } from "./change-lines.ts";
import { createCart } from "./create-cart.ts";
import { applyGiftCard, removeGiftCard } from "./gift-card.ts";
import { priceCart } from "./price-cart.ts";
import { addPromotionCode, removePromotionCode } from "./promotion-codes.ts";
import {
  type OfferedPaymentMethod,
  setBilling,
  setContact,
  setPaymentMethod,
  setShippingAddress,
  setShippingMethod,
} from "./set-checkout-details.ts";
import { shippingFactsOf } from "./shipping-facts.ts";

export const cartTokenHeaders = z.object({
  "x-cart-token": z.string().min(10).max(200).describe("The token returned when the cart was created."),
});
/** Mutations: the token, and optionally the version the client last saw (optimistic concurrency). */
const cartChangeHeaders = cartTokenHeaders.extend({
  "if-match": z
    .string()
    .regex(/^(W\/)?"?\d{1,9}"?$/, 'must be the cart version as an entity tag, e.g. "7"')
    .optional()
    .describe(
      'The cart `version` last read (also sent as ETag), e.g. "7"; stale: 412 cart_version_conflict.',
    ),
});
const cartParams = z.object({ cartId: z.string().min(1).max(64) });
const lineParams = cartParams.extend({ lineId: z.string().min(1).max(64) });
const cartResponses = { 200: cartSchema, ...problems(400, 404, 409, 410, 412, 422) };

/**
 * Suggestions cost about seven queries, so they are worked out only where they are shown: cart
 * reads, and the changes made from the cart drawer (lines, codes, gift card), whose response the
 * storefront shows in it. Checkout steps leave them out unless asked.
 */
const suggestionsQuery = (byDefault: boolean) =>
  z.object({
    suggestions: z
      .enum(["true", "false"])
      .optional()
      .describe(`Include \`suggestions\` (default ${byDefault}); empty when false.`),
  });
const wants = (query: { suggestions?: "true" | "false" | undefined }, byDefault: boolean) =>
  query.suggestions === undefined ? byDefault : query.suggestions === "true";

/** Store API: carts and the checkout steps before payment. */
export const cartStoreRoutes =
  (
    ctx: Context & {
      currencies: readonly string[];
      tax: TaxSettings;
      prices?: PriceSettings | undefined;
      /** The payment methods the store offers now (its enabled providers). */
      paymentMethods: () => readonly OfferedPaymentMethod[];
    },
  ): FastifyPluginAsyncZod =>
  async (app) => {
    const pricing = () => ({ tax: ctx.tax, prices: ctx.prices, at: ctx.clock.now() });
    const price = async (cart: CartRow, reply: FastifyReply, suggestions: boolean) => {
      const json = toCartJson(await priceCart(ctx.db, cart, { ...pricing(), suggestions }));
      reply.header("etag", `"${json.version}"`);
      return json;
    };
    /**
     * Prices the cart as the change left it (handed over by changeOpenCart on commit; re-read
     * only if the change did not say), or sends the change's failure.
     */
    const respond = async (
      reply: FastifyReply,
      access: { cartId: string; token: string; changed?: CartRow | undefined },
      change: Result<unknown>,
      suggestions: boolean,
    ) => {
      if (!change.ok) return sendProblem(reply, change.failure as Failure);
      if (access.changed) return price(access.changed, reply, suggestions);
      const cart = await findCart(ctx.db, access.cartId, access.token);
      return cart.ok ? price(cart.value, reply, suggestions) : sendProblem(reply, cart.failure);
    };
    /** One per request: the same object goes to the change and to `respond`. */
    const accesses = new WeakMap<object, ReturnType<typeof newAccess>>();
    const newAccess = (req: {
      params: { cartId: string };
      headers: { "x-cart-token": string; "if-match"?: string | undefined };
    }) => {
      const made: {
        cartId: string;
        token: string;
        expectedVersion: number | undefined;
        changed?: CartRow | undefined;
        onChanged(cart: CartRow): void;
      } = {
        cartId: req.params.cartId,
        token: req.headers["x-cart-token"],
        expectedVersion: req.headers["if-match"]
          ? Number(req.headers["if-match"].replace(/\D/g, ""))
          : undefined,
        onChanged(cart) {
          made.changed = cart;
        },
      };
      return made;
    };
    const access = (req: Parameters<typeof newAccess>[0]) => {
      let found = accesses.get(req);
      if (!found) {
        found = newAccess(req);
        accesses.set(req, found);
      }
      return found;
    };

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
        const cart = await findCart(ctx.db, req.params.cartId, req.headers["x-cart-token"]);
        return cart.ok ? price(cart.value, reply, wants(req.query, true)) : sendProblem(reply, cart.failure);
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

    app.put(
      "/store/carts/:cartId/contact",
      {
        schema: {
          tags: ["store"],
          summary: "Set the contact email (checkout step 1)",
          params: cartParams,
          headers: cartChangeHeaders,
          querystring: suggestionsQuery(false),
          body: z.object({ email: z.email().max(254) }).meta({ example: { email: "ada@example.com" } }),
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(
          reply,
          access(req),
          await setContact(ctx, access(req), req.body.email),
          wants(req.query, false),
        ),
    );

    app.put(
      "/store/carts/:cartId/shipping-address",
      {
        schema: {
          tags: ["store"],
          summary: "Set the shipping address (checkout step 2)",
          params: cartParams,
          headers: cartChangeHeaders,
          querystring: suggestionsQuery(false),
          body: addressSchema,
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(
          reply,
          access(req),
          await setShippingAddress(ctx, access(req), req.body),
          wants(req.query, false),
        ),
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
          headers: cartChangeHeaders,
          querystring: suggestionsQuery(false),
          body: z
            .object({
              address: addressSchema.nullable().default(null),
              vatId: z.string().trim().max(20).nullable().default(null).describe("e.g. DE136695976"),
            })
            .meta({
              example: {
                address: {
                  firstName: "Ada",
                  lastName: "Lovelace",
                  company: "Analytical Engines GmbH",
                  line1: "Friedrichstraße 100",
                  city: "Berlin",
                  postalCode: "10117",
                  country: "DE",
                },
                vatId: "DE136695976",
              },
            }),
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(reply, access(req), await setBilling(ctx, access(req), req.body), wants(req.query, false)),
    );

    app.get(
      "/store/carts/:cartId/shipping-options",
      {
        schema: {
          tags: ["store"],
          summary: "List shipping methods for the cart's address",
          description:
            "Delivery methods (cheapest first) offered for the address and the cart (weight, subtotal), then store " +
            "pickup methods with their locations in that country. Before an address is set, only pickup in the " +
            "store's country is listed.",
          params: cartParams,
          headers: cartTokenHeaders,
          response: {
            200: z
              .array(
                z.object({
                  id: z.string(),
                  code: z.string(),
                  name: z.string(),
                  kind: z.enum(["delivery", "pickup"]),
                  price: moneySchema,
                  minTransitDays: z.number().int(),
                  maxTransitDays: z.number().int(),
                  estimate: deliveryEstimateSchema,
                  freeOver: moneySchema
                    .nullable()
                    .describe("Free from this discounted subtotal on (inclusive); null if never."),
                  pickupLocations: z
                    .array(pickupLocationSchema)
                    .describe("Pickup methods: where to collect."),
                }),
              )
              .meta({
                example: [
                  {
                    id: "shm_01JX93C3D4",
                    code: "standard",
                    name: "Standard",
                    kind: "delivery",
                    price: { amount: 500, currency: "USD" },
                    minTransitDays: 3,
                    maxTransitDays: 5,
                    estimate: { earliest: "2026-06-05", latest: "2026-06-09" },
                    freeOver: { amount: 10000, currency: "USD" },
                    pickupLocations: [],
                  },
                  {
                    id: "shm_01JX93U9V0",
                    code: "express",
                    name: "Express",
                    kind: "delivery",
                    price: { amount: 1500, currency: "USD" },
                    minTransitDays: 1,
                    maxTransitDays: 2,
                    estimate: { earliest: "2026-06-03", latest: "2026-06-04" },
                    freeOver: null,
                    pickupLocations: [],
                  },
                ],
              }),
            ...problems(404, 422),
          },
        },
      },
      async (req, reply) => {
        const cart = await findCart(ctx.db, req.params.cartId, req.headers["x-cart-token"]);
        if (!cart.ok) return sendProblem(reply, cart.failure);
        const address = cart.value.shippingAddress;
        const at = ctx.clock.now();
        const options = await listShippingOptions(
          ctx.db,
          { ...(address ?? { country: ctx.tax.seller.country }), currency: cart.value.currency, at },
          await shippingFactsOf(ctx.db, cart.value, at),
        );
        const currency = cart.value.currency;
        return options
          .filter((o) => address || o.kind === "pickup")
          .map(({ methodId, amount, freeOver, zoneCode: _zone, ...o }) => ({
            id: methodId,
            ...o,
            price: { amount, currency },
            freeOver: freeOver === null ? null : { amount: freeOver, currency },
          }));
      },
    );

    app.put(
      "/store/carts/:cartId/shipping-method",
      {
        schema: {
          tags: ["store"],
          summary: "Choose a shipping method (checkout step 3)",
          description:
            "For a pickup method, `pickupLocationId` names the store (optional when it has one location); no " +
            "shipping address is needed then, and tax is that of the store's location.",
          params: cartParams,
          headers: cartChangeHeaders,
          querystring: suggestionsQuery(false),
          body: z
            .object({
              methodId: z.string().min(1).max(64),
              pickupLocationId: z.string().min(1).max(64).optional(),
            })
            .meta({ example: { methodId: "shm_01JX92C3D4" } }),
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(
          reply,
          access(req),
          await setShippingMethod({ ...ctx, storeCountry: ctx.tax.seller.country }, access(req), req.body),
          wants(req.query, false),
        ),
    );

    app.put(
      "/store/carts/:cartId/payment-method",
      {
        schema: {
          tags: ["store"],
          summary: "Choose a payment method (checkout step 4)",
          description:
            "One of the providers GET /store/payment-methods lists; refused with 422 " +
            "`unsupported_payment_provider` otherwise. Marks the `payment_method` step done. The card token " +
            "(or purchase order number) is still sent when completing, with the provider that pays.",
          params: cartParams,
          headers: cartChangeHeaders,
          querystring: suggestionsQuery(false),
          body: z
            .object({ provider: z.string().min(1).max(40).describe("e.g. `stripe`, `bank_transfer`.") })
            .meta({ example: { provider: "bank_transfer" } }),
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(
          reply,
          access(req),
          await setPaymentMethod(ctx, access(req), req.body.provider),
          wants(req.query, false),
        ),
    );

    app.post(
      "/store/carts/:cartId/price-changes/acknowledge",
      {
        schema: {
          tags: ["store"],
          summary: "Acknowledge changed prices",
          description:
            "The shopper saw the `price_changed` issues and accepts the new unit prices: send each line with the " +
            "`current` price it showed. That price becomes the one the shopper last saw, which clears the issue; " +
            "if the price moved again meanwhile, the cart reports the change from the acknowledged price. " +
            "Changing a line (adding units, setting its quantity) also acknowledges its price.",
          params: cartParams,
          headers: cartChangeHeaders,
          querystring: suggestionsQuery(false),
          body: z
            .object({
              lines: z
                .array(z.object({ lineId: z.string().min(1).max(64), unitPrice: moneySchema }))
                .min(1)
                .max(100),
            })
            .meta({
              example: {
                lines: [{ lineId: "line_01JX93E5F6", unitPrice: { amount: 2900, currency: "USD" } }],
              },
            }),
          response: cartResponses,
        },
      },
      async (req, reply) =>
        respond(
          reply,
          access(req),
          await acknowledgePrices(ctx, access(req), req.body.lines),
          wants(req.query, false),
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
