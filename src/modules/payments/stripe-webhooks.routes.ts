import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type Stripe from "stripe";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { applyStripeEvent, type OnAttemptPaymentSettled } from "./apply-stripe-event.ts";
import type { OnPaymentChanged } from "./payment-history.ts";

export interface StripeWebhookOptions {
  stripe: Stripe;
  webhookSecret: string;
  /** Seconds a signature stays valid (Stripe's default is 300): older deliveries are refused. */
  toleranceSeconds?: number;
  onPaymentChanged?: OnPaymentChanged;
  /** Resumes the checkout attempt a 3-D Secure payment belongs to when Stripe says it settled. */
  onAttemptSettled?: OnAttemptPaymentSettled;
}

/**
 * Incoming Stripe webhooks. The signature covers the raw bytes, so this plugin (encapsulated)
 * swaps the JSON parser for one that keeps the body as a Buffer.
 */
export const stripeWebhookRoutes =
  (ctx: Context, options: StripeWebhookOptions): FastifyPluginAsyncZod =>
  async (app) => {
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) =>
      done(null, body),
    );
    app.post(
      "/webhooks/stripe",
      {
        schema: {
          tags: ["webhooks"],
          summary: "Stripe events (signed)",
          description:
            "Verifies `Stripe-Signature` against the raw body and the signing secret, then applies the event " +
            "by re-reading the PaymentIntent (and its refunds). A 3-D Secure payment that succeeded or failed " +
            "resumes its checkout at once. Each event id has one effect, however often it is delivered.",
          headers: z.object({ "stripe-signature": z.string().max(2000).optional() }),
          response: { 200: z.object({ received: z.literal(true), result: z.string() }), ...problems(400) },
        },
      },
      async (req, reply) => {
        let event: Stripe.Event;
        try {
          event = options.stripe.webhooks.constructEvent(
            req.body as Buffer,
            req.headers["stripe-signature"] ?? "",
            options.webhookSecret,
            options.toleranceSeconds ?? 300,
            undefined,
            // Milliseconds: the SDK divides by 1000 itself. Seconds here made every signature look
            // brand new, so a replayed old delivery passed (found by stripe-gateway.test.ts).
            ctx.clock.now().getTime(),
          );
        } catch {
          return sendProblem(reply, {
            code: "webhook_signature_invalid",
            detail: "The Stripe-Signature header does not match the body, or it is too old.",
          });
        }
        const result = await applyStripeEvent(ctx, options.stripe, event, {
          onChanged: options.onPaymentChanged,
          onAttemptSettled: options.onAttemptSettled,
        });
        req.log.info({ eventId: event.id, type: event.type, result }, "stripe webhook");
        return { received: true as const, result };
      },
    );
  };
