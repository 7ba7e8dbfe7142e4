import Stripe from "stripe";
import type { AuthorizeOutcome, DeclineReason, PaymentGateway, UnknownOutcome } from "../gateway.ts";

export interface StripeClientOptions {
  secretKey: string;
  /** Another API base, e.g. a local stripe-mock or a test fake; https://api.stripe.com otherwise. */
  apiUrl?: string | undefined;
  timeoutMs?: number;
}

/** A Stripe client for the gateway and the webhook route. Retries are ours (resilient-gateway). */
export function createStripeClient(options: StripeClientOptions): Stripe {
  const url = options.apiUrl ? new URL(options.apiUrl) : undefined;
  return new Stripe(options.secretKey, {
    maxNetworkRetries: 0,
    timeout: options.timeoutMs ?? 15_000,
    ...(url
      ? {
          host: url.hostname,
          port: Number(url.port || (url.protocol === "http:" ? 80 : 443)),
          protocol: url.protocol === "http:" ? ("http" as const) : ("https" as const),
        }
      : {}),
  });
}

/** The metadata key that ties a PaymentIntent to our idempotency key, for lookups. */
export const keyMetadata = "cartwright_key";
/** The metadata key that carries our refund id, so a refund's webhook echo is known as ours. */
export const refundMetadata = "cartwright_refund";

/**
 * Stripe as a PaymentGateway: a PaymentIntent with manual capture per checkout attempt, every
 * call carrying an Idempotency-Key derived from ours (Stripe keeps keys for 24 hours).
 */
export function createStripeGateway(stripe: Stripe): PaymentGateway {
  return {
    provider: "stripe",

    async authorize(request) {
      try {
        const intent = await stripe.paymentIntents.create(
          {
            amount: request.amount,
            currency: request.currency.toLowerCase(),
            capture_method: "manual",
            confirm: true,
            // Cards only, confirmed server-side: nothing may redirect the shopper away mid-checkout.
            automatic_payment_methods: { enabled: true, allow_redirects: "never" },
            // A PaymentMethod id from Stripe Elements (pm_…); test ones are e.g. pm_card_visa.
            payment_method: request.source,
            metadata: { [keyMetadata]: request.idempotencyKey },
            expand: ["payment_method"],
          },
          { idempotencyKey: `authorize_${request.idempotencyKey}` },
        );
        return fromIntent(intent);
      } catch (error) {
        return fromError(error);
      }
    },

    async lookup(idempotencyKey) {
      try {
        // Search is eventually consistent (seconds): a miss right after a timeout is retried
        // by re-sending authorize with the same key, which Stripe answers from its key store.
        const found = await stripe.paymentIntents.search({
          query: `metadata['${keyMetadata}']:'${idempotencyKey.replace(/'/g, "")}'`,
          expand: ["data.payment_method"],
        });
        const intent = found.data[0];
        return intent ? fromIntent(intent) : { status: "not_found" };
      } catch (error) {
        return unknownFrom(error);
      }
    },

    async void({ idempotencyKey, providerReference }) {
      try {
        await stripe.paymentIntents.cancel(
          providerReference,
          {},
          { idempotencyKey: `void_${idempotencyKey}` },
        );
        return { status: "voided" };
      } catch (error) {
        const intent = await stripe.paymentIntents.retrieve(providerReference).catch(() => undefined);
        return intent?.status === "canceled" ? { status: "voided" } : unknownFrom(error);
      }
    },

    async capture(request) {
      try {
        const intent = await stripe.paymentIntents.capture(
          request.providerReference,
          { amount_to_capture: request.amount },
          { idempotencyKey: `capture_${request.idempotencyKey}` },
        );
        return intent.status === "succeeded"
          ? { status: "captured", amount: intent.amount_received }
          : { status: "failed", reason: `intent_${intent.status}` };
      } catch (error) {
        return isRefusal(error) ? { status: "failed", reason: codeOf(error) } : unknownFrom(error);
      }
    },

    async refund(request) {
      try {
        const refund = await stripe.refunds.create(
          {
            payment_intent: request.providerReference,
            amount: request.amount,
            metadata: { reason: request.reason, [refundMetadata]: request.idempotencyKey },
          },
          { idempotencyKey: `refund_${request.idempotencyKey}` },
        );
        return refund.status === "failed" || refund.status === "canceled"
          ? { status: "failed", reason: refund.failure_reason ?? refund.status }
          : { status: "refunded", providerReference: refund.id };
      } catch (error) {
        return isRefusal(error) ? { status: "failed", reason: codeOf(error) } : unknownFrom(error);
      }
    },
  };
}

function fromIntent(intent: Stripe.PaymentIntent): AuthorizeOutcome {
  const method = typeof intent.payment_method === "object" ? intent.payment_method : null;
  switch (intent.status) {
    case "requires_capture":
    case "succeeded":
      return {
        status: "authorized",
        providerReference: intent.id,
        authorizationCode: intent.id.slice(-8).toUpperCase(),
        brand: method?.card?.brand ?? "card",
        last4: method?.card?.last4 ?? "",
      };
    case "requires_action":
      // 3-D Secure: the storefront runs the challenge with Stripe.js (`handleNextAction` and the
      // client secret), then completes the cart again, and `lookup` finds the intent authorized.
      return {
        status: "requires_action",
        providerReference: intent.id,
        action: {
          type: "three_d_secure",
          url: intent.next_action?.redirect_to_url?.url ?? null,
          ...(intent.client_secret ? { clientSecret: intent.client_secret } : {}),
        },
      };
    case "processing":
      return { status: "unknown", reason: "intent_processing" };
    default:
      return {
        status: "declined",
        reason: declineReason(intent.last_payment_error?.decline_code ?? intent.last_payment_error?.code),
        providerReference: intent.id,
      };
  }
}

function fromError(error: unknown): AuthorizeOutcome {
  const e = error as { type?: string; decline_code?: string; code?: string; payment_intent?: { id: string } };
  if (e.type === "StripeCardError") {
    const reference = e.payment_intent?.id;
    return {
      status: "declined",
      reason: declineReason(e.decline_code ?? e.code),
      ...(reference ? { providerReference: reference } : {}),
    };
  }
  if (e.type === "StripeInvalidRequestError") return { status: "declined", reason: "invalid_source" };
  return unknownFrom(error);
}

const declineReasons: Record<string, DeclineReason> = {
  insufficient_funds: "insufficient_funds",
  lost_card: "lost_card",
  stolen_card: "stolen_card",
  expired_card: "expired_card",
  incorrect_cvc: "incorrect_cvc",
  fraudulent: "fraudulent",
  processing_error: "processing_error",
  authentication_required: "authentication_required",
  // The shopper failed (or cancelled) the 3-D Secure challenge; the intent wants a new method.
  payment_intent_authentication_failure: "authentication_failed",
};

function declineReason(code: string | null | undefined): DeclineReason {
  return declineReasons[code ?? ""] ?? "generic_decline";
}

/** Stripe answered "no" (4xx other than 429): retrying the same call cannot help. */
function isRefusal(error: unknown): boolean {
  const type = (error as { type?: string }).type;
  return type === "StripeCardError" || type === "StripeInvalidRequestError";
}

function codeOf(error: unknown): string {
  return (error as { code?: string }).code ?? "refused";
}

/** Maps transport-level trouble to the reasons the retry policy understands. */
function unknownFrom(error: unknown): UnknownOutcome {
  const e = error as { type?: string; statusCode?: number };
  if (e.type === "StripeRateLimitError" || e.statusCode === 429)
    return { status: "unknown", reason: "rate_limited" };
  if (e.type === "StripeConnectionError") return { status: "unknown", reason: "network_error" };
  if (e.type === "StripeAPIError" || (e.statusCode ?? 0) >= 500)
    return { status: "unknown", reason: "provider_error" };
  return { status: "unknown", reason: e.type ?? "stripe_error" };
}
