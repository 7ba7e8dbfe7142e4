import { fromDecimalString, isSupportedCurrency, toDecimalString } from "../../../shared/money/index.ts";
import type { AuthorizeOutcome, LookupOutcome, PaymentGateway, UnknownOutcome } from "../gateway.ts";
import { type PayPalAmount, PayPalApiError, type PayPalClient, type PayPalOrder } from "./paypal-client.ts";

/** Minor units as PayPal's decimal string, by the currency's ISO 4217 exponent (G1). */
export function paypalAmount(amount: number, currency: string): PayPalAmount {
  return { currency_code: currency, value: toDecimalString({ amount, currency }) };
}

/** PayPal's decimal string in minor units; undefined for a currency or value we cannot read. */
export function minorUnits(amount: PayPalAmount): number | undefined {
  if (!isSupportedCurrency(amount.currency_code)) return undefined;
  try {
    return fromDecimalString(amount.value, amount.currency_code).amount;
  } catch {
    return undefined;
  }
}

/**
 * PayPal (Orders v2, intent AUTHORIZE) as a PaymentGateway. The shopper approves an order that
 * Cartwright created for the cart's amount due (`POST /store/carts/:id/paypal-orders`); its id is
 * the payment source. Authorize checks the approved order still asks exactly the attempt's amount
 * (G3), then authorizes it with `PayPal-Request-Id` derived from the attempt id, so a retry
 * returns PayPal's first answer. Lookup reads the order: an authorization on it is ours.
 */
export function createPayPalGateway(paypal: PayPalClient): PaymentGateway {
  const authorizedFrom = (order: PayPalOrder): AuthorizeOutcome | undefined => {
    const auth = order.purchase_units[0]?.payments?.authorizations?.[0];
    if (!auth) return undefined;
    if (auth.status === "DENIED")
      return { status: "declined", reason: "generic_decline", providerReference: auth.id };
    return {
      status: "authorized",
      providerReference: auth.id,
      authorizationCode: auth.id,
      brand: "paypal",
      last4: "",
    };
  };

  return {
    provider: "paypal",

    async authorize(request) {
      try {
        const order = await paypal.getOrder(request.source);
        const already = authorizedFrom(order);
        if (already) return already;
        const unit = order.purchase_units[0];
        const asked = unit && minorUnits(unit.amount);
        if (asked !== request.amount || unit?.amount.currency_code !== request.currency) {
          // The cart changed after the buyer approved: never take a different amount (G3).
          return { status: "declined", reason: "invalid_source" };
        }
        if (order.status !== "APPROVED") return { status: "declined", reason: "authentication_required" };
        const authorized = authorizedFrom(
          await paypal.authorizeOrder(request.source, `authorize_${request.idempotencyKey}`),
        );
        return authorized ?? { status: "unknown", reason: "provider_error" };
      } catch (error) {
        return declinedOrUnknown(error);
      }
    },

    async lookup(_idempotencyKey, source): Promise<LookupOutcome> {
      if (!source) return { status: "not_found" };
      try {
        return authorizedFrom(await paypal.getOrder(source)) ?? { status: "not_found" };
      } catch (error) {
        if (error instanceof PayPalApiError && error.status === 404) return { status: "not_found" };
        return unknownFrom(error);
      }
    },

    async void({ idempotencyKey, providerReference }) {
      try {
        await paypal.voidAuthorization(providerReference, `void_${idempotencyKey}`);
        return { status: "voided" };
      } catch (error) {
        // Voiding a voided authorization succeeds (the interface's promise).
        if (error instanceof PayPalApiError && error.issue === "AUTHORIZATION_ALREADY_VOIDED")
          return { status: "voided" };
        return unknownFrom(error);
      }
    },

    async capture({ idempotencyKey, providerReference, amount, currency }) {
      try {
        const captured = await paypal.captureAuthorization(
          providerReference,
          paypalAmount(amount, currency),
          `capture_${idempotencyKey}`,
        );
        return { status: "captured", amount: minorUnits(captured.amount) ?? amount };
      } catch (error) {
        if (error instanceof PayPalApiError && error.status < 500 && error.status !== 429) {
          return { status: "failed", reason: error.issue ?? error.errorName };
        }
        return unknownFrom(error);
      }
    },

    async refund({ idempotencyKey, providerReference, amount, currency }) {
      try {
        // Refunds go to the capture; the authorization leads to its order, the order to it.
        const auth = await paypal.getAuthorization(providerReference);
        const orderId = auth.supplementary_data?.related_ids?.order_id;
        const order = orderId ? await paypal.getOrder(orderId) : undefined;
        const capture = order?.purchase_units[0]?.payments?.captures?.[0];
        if (!capture) return { status: "failed", reason: "no_capture" };
        const refund = await paypal.refundCapture(
          capture.id,
          paypalAmount(amount, currency),
          `refund_${idempotencyKey}`,
          idempotencyKey,
        );
        return { status: "refunded", providerReference: refund.id };
      } catch (error) {
        if (error instanceof PayPalApiError && error.status < 500 && error.status !== 429) {
          return { status: "failed", reason: error.issue ?? error.errorName };
        }
        return unknownFrom(error);
      }
    },
  };
}

function declinedOrUnknown(error: unknown): AuthorizeOutcome {
  if (error instanceof PayPalApiError && error.status === 422) {
    return {
      status: "declined",
      reason: error.issue === "INSTRUMENT_DECLINED" ? "generic_decline" : "invalid_source",
    };
  }
  if (error instanceof PayPalApiError && error.status === 404)
    return { status: "declined", reason: "invalid_source" };
  return unknownFrom(error);
}

function unknownFrom(error: unknown): UnknownOutcome {
  if (error instanceof PayPalApiError) {
    if (error.status === 429) return { status: "unknown", reason: "rate_limited" };
    if (error.status >= 500) return { status: "unknown", reason: "provider_error" };
    return { status: "unknown", reason: `paypal_${error.status}` };
  }
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return { status: "unknown", reason: "timeout" };
  }
  return { status: "unknown", reason: "network_error" };
}
