import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { applyTrackingUpdate, type TrackingResult, type TrackingUpdate } from "./apply-tracking-update.ts";
import { isValidCarrierSignature } from "./webhook-signature.ts";

export interface CarrierWebhookOptions {
  secret: string;
  /** Seconds a signed delivery stays acceptable; older (or far-future) timestamps are refused. */
  toleranceSeconds?: number;
  /**
   * Called for a tracking number that is no outbound shipment (app/ hands in the returns
   * module's, for return labels), inside the request; default: `unknown_shipment`.
   */
  otherParcels?: (update: TrackingUpdate) => Promise<TrackingResult>;
}

const trackingEvent = z.object({
  id: z.string().min(1).max(200),
  trackingNumber: z.string().min(1).max(100),
  status: z.enum(["in_transit", "out_for_delivery", "delivered", "exception"]),
  occurredAt: z.iso.datetime({ offset: true }),
});

/**
 * Tracking updates from the built-in test carrier, signed with CARRIER_WEBHOOK_SECRET. The
 * signature covers the raw bytes, so this (encapsulated) plugin keeps the body as a Buffer and
 * parses it only after the signature holds. Answers 200 for duplicates and stale updates too:
 * they were received, and a carrier would otherwise retry them forever.
 */
export const carrierWebhookRoutes =
  (ctx: Context, options: CarrierWebhookOptions): FastifyPluginAsyncZod =>
  async (app) => {
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) =>
      done(null, body),
    );
    app.post(
      "/webhooks/carriers/test",
      {
        schema: {
          tags: ["webhooks"],
          summary: "Tracking updates from the test carrier (signed)",
          description:
            "`X-Carrier-Timestamp` (Unix seconds) and `X-Carrier-Signature: v1=<hex HMAC-SHA256 of timestamp.body>`. " +
            "Body `{ id, trackingNumber, status, occurredAt }`. Each event id has one effect; a shipment never moves back.",
          headers: z.object({
            "x-carrier-timestamp": z.string().max(20).optional(),
            "x-carrier-signature": z.string().max(2000).optional(),
          }),
          response: {
            200: z.object({
              received: z.literal(true),
              result: z.enum(["applied", "duplicate", "stale", "unknown_shipment"]),
            }),
            ...problems(400),
          },
        },
      },
      async (req, reply) => {
        const body = req.body as Buffer;
        const signed = isValidCarrierSignature({
          secret: options.secret,
          timestamp: req.headers["x-carrier-timestamp"],
          signature: req.headers["x-carrier-signature"],
          body,
          now: ctx.clock.now(),
          toleranceSeconds: options.toleranceSeconds ?? 300,
        });
        if (!signed)
          return sendProblem(reply, {
            code: "webhook_signature_invalid",
            detail:
              "X-Carrier-Signature does not match the body, or X-Carrier-Timestamp is missing or too old.",
          });
        let json: unknown;
        try {
          json = JSON.parse(body.toString("utf8"));
        } catch {
          return sendProblem(reply, { code: "malformed_json", detail: "The body is not valid JSON." });
        }
        const parsed = trackingEvent.safeParse(json);
        if (!parsed.success)
          return sendProblem(reply, {
            code: "validation_failed",
            detail: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
          });
        const event = parsed.data;
        const update: TrackingUpdate = {
          carrier: "test",
          eventId: event.id,
          trackingNumber: event.trackingNumber,
          status: event.status,
          occurredAt: new Date(event.occurredAt),
        };
        let result = await applyTrackingUpdate(ctx, update);
        if (result === "unknown_shipment" && options.otherParcels)
          result = await options.otherParcels(update);
        req.log.info({ eventId: event.id, status: event.status, result }, "carrier webhook");
        return { received: true as const, result };
      },
    );
  };
