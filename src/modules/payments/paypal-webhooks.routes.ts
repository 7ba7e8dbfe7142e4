import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { applyPayPalEvent, type PayPalEvent } from "./apply-paypal-event.ts";
import type { OnPaymentChanged } from "./payment-history.ts";
import type { PayPalClient } from "./providers/paypal-client.ts";

export interface PayPalWebhookOptions {
  paypal: PayPalClient;
  /** The webhook's id in the PayPal app (PAYPAL_WEBHOOK_ID); signatures are checked against it. */
  webhookId: string;
  onPaymentChanged?: OnPaymentChanged;
}

const eventSchema = z
  .object({
    id: z.string().min(1).max(100),
    event_type: z.string().min(1).max(100),
    resource: z
      .object({
        id: z.string().max(100).optional(),
        supplementary_data: z
          .object({
            related_ids: z
              .object({ authorization_id: z.string().max(100).optional() })
              .loose()
              .optional(),
          })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

/**
 * Incoming PayPal webhooks. PayPal signs with a certificate chain; its documented way to check a
 * delivery is `verify-webhook-signature` with the transmission headers and the event, which the
 * client calls before anything is applied.
 */
export const paypalWebhookRoutes =
  (ctx: Context, options: PayPalWebhookOptions): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      "/webhooks/paypal",
      {
        schema: {
          tags: ["webhooks"],
          summary: "PayPal events (verified)",
          description:
            "Verified with PayPal's verify-webhook-signature (transmission id, time, signature, certificate URL " +
            "and the webhook id), then applied by re-reading the authorization. Each event id has one effect, " +
            "however often it is delivered.",
          headers: z.object({
            "paypal-transmission-id": z.string().max(200).optional(),
            "paypal-transmission-time": z.string().max(100).optional(),
            "paypal-transmission-sig": z.string().max(2000).optional(),
            "paypal-cert-url": z.string().max(2000).optional(),
            "paypal-auth-algo": z.string().max(100).optional(),
          }),
          body: eventSchema,
          response: {
            200: z.object({ received: z.literal(true), result: z.string() }),
            ...problems(400, 503),
          },
        },
      },
      async (req, reply) => {
        let genuine: boolean;
        try {
          genuine = await options.paypal.verifyWebhookSignature({
            webhookId: options.webhookId,
            headers: req.headers as Record<string, string | undefined>,
            event: req.body,
          });
        } catch (err) {
          req.log.warn({ err }, "PayPal signature check unavailable");
          // PayPal retries a delivery that failed, so answering 503 loses nothing.
          return sendProblem(reply, {
            code: "service_unavailable",
            detail: "Could not verify the delivery with PayPal now; it will be retried.",
          });
        }
        if (!genuine) {
          return sendProblem(reply, {
            code: "webhook_signature_invalid",
            detail: "PayPal did not confirm this delivery's signature.",
          });
        }
        const result = await applyPayPalEvent(
          ctx,
          options.paypal,
          req.body as PayPalEvent,
          options.onPaymentChanged,
        );
        req.log.info({ eventId: req.body.id, type: req.body.event_type, result }, "paypal webhook");
        return { received: true as const, result };
      },
    );
  };
