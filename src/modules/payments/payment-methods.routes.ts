import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Gateways } from "./authorize-payment.ts";

const paymentMethodsSchema = z
  .object({
    methods: z.array(
      z.object({
        provider: z.string().describe("What to send as `payment.provider` when completing the cart."),
        kind: z
          .enum(["card", "bank_transfer", "purchase_order"])
          .describe(
            "card: send a provider token. bank_transfer: nothing to send; pay after placing. " +
              "purchase_order: send `purchaseOrderNumber`; only for business accounts enabled for it.",
          ),
        publishableKey: z
          .string()
          .optional()
          .describe("Stripe only: the publishable key for Stripe.js and its Payment Element."),
        clientId: z.string().optional().describe("PayPal only: the client id for PayPal's JS SDK button."),
      }),
    ),
  })
  .meta({ id: "PaymentMethods" });

/** Public keys the browser needs to talk to a provider itself (never secrets). */
export interface BrowserPaymentKeys {
  stripePublishableKey?: string | undefined;
  paypalClientId?: string | undefined;
}

const kindOf = (provider: string): "card" | "bank_transfer" | "purchase_order" =>
  provider === "bank_transfer" || provider === "purchase_order" ? provider : "card";

/** The methods the store offers: one per enabled provider, with what the checkout must send for it. */
export const offeredPaymentMethods = (gateways: Gateways) =>
  [...gateways.keys()].map((provider) => ({ provider, kind: kindOf(provider) }));

/** Store API: which payment methods the checkout may offer (the providers enabled in config). */
export const paymentMethodsStoreRoutes =
  (ctx: { gateways: Gateways }, keys: BrowserPaymentKeys = {}): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/store/payment-methods",
      {
        schema: {
          tags: ["store"],
          summary: "List the payment methods the store accepts",
          response: { 200: paymentMethodsSchema },
        },
      },
      async () => ({
        methods: offeredPaymentMethods(ctx.gateways).map((m) => ({
          ...m,
          ...(m.provider === "stripe" && keys.stripePublishableKey
            ? { publishableKey: keys.stripePublishableKey }
            : {}),
          ...(m.provider === "paypal" && keys.paypalClientId ? { clientId: keys.paypalClientId } : {}),
        })),
      }),
    );
  };
