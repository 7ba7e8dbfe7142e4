import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { moneySchema, problems } from "../../http/schemas.ts";
import { listShippingOptions } from "../shipping/index.ts";
import { acknowledgePrices } from "./acknowledge-prices.ts";
import { addressSchema } from "./address.schema.ts";
import { findCartWithLines } from "./cart.repository.ts";
import { deliveryEstimateSchema, pickupLocationSchema } from "./cart.schemas.ts";
import {
  type CartRoutesContext,
  cartChangeHeaders,
  cartParams,
  cartResponder,
  cartResponses,
  cartTokenHeaders,
  suggestionsQuery,
  wants,
} from "./cart-http.ts";
import {
  setBilling,
  setContact,
  setPaymentMethod,
  setShippingAddress,
  setShippingMethod,
} from "./set-checkout-details.ts";
import { shippingFactsOf } from "./shipping-facts.ts";

/** Store API: the checkout steps before payment (contact, addresses, shipping, payment method). */
export const checkoutStepRoutes =
  (ctx: CartRoutesContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { respond, access } = cartResponder(ctx);

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
        const read = await findCartWithLines(ctx.db, req.params.cartId, req.headers["x-cart-token"]);
        if (!read.ok) return sendProblem(reply, read.failure);
        const { cart, lines } = read.value;
        const address = cart.shippingAddress;
        const at = ctx.clock.now();
        const options = await listShippingOptions(
          ctx.db,
          { ...(address ?? { country: ctx.tax.seller.country }), currency: cart.currency, at },
          await shippingFactsOf(ctx.db, cart, at, lines),
        );
        const currency = cart.currency;
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
  };
