import type { FastifyReply } from "fastify";
import type { Failure, FieldError, Result } from "../shared/failure.ts";

/**
 * The one catalog of error codes and their HTTP statuses. Codes are the contract with clients
 * (docs/errors.md); details are for people. An unknown code is a bug and maps to 500.
 */
export const errorCatalog = {
  // request shape
  validation_failed: [400, "The request is invalid."],
  malformed_json: [400, "The request body is not valid JSON."],
  unsupported_media_type: [415, "Send application/json."],
  payload_too_large: [413, "The request body is too large."],
  idempotency_key_required: [400, "This request needs an Idempotency-Key header."],
  idempotency_key_mismatch: [422, "This Idempotency-Key was used with a different request."],
  idempotency_key_in_use: [409, "A request with this Idempotency-Key is still running."],
  // access
  unauthorized: [401, "Credentials are missing or invalid."],
  forbidden: [403, "These credentials may not do this."],
  not_found: [404, "No such resource."],
  rate_limited: [429, "Too many requests."],
  // customer accounts
  invalid_credentials: [401, "The email or password is wrong."],
  email_taken: [409, "An account with this email exists."],
  token_invalid: [400, "The link is invalid, expired or already used."],
  // catalog and cart
  unsupported_currency: [422, "This currency is not sold in."],
  variant_not_found: [422, "No such product variant."],
  variant_unavailable: [422, "This product variant cannot be bought now."],
  line_not_found: [404, "No such cart line."],
  cart_not_open: [409, "The cart is being checked out or already completed."],
  cart_expired: [410, "The cart expired after being idle too long; start a new cart."],
  cart_version_conflict: [
    412,
    "The cart changed since the version sent in If-Match; `version` is the current one.",
  ],
  quantity_limit_exceeded: [422, "Too many units in one line."],
  product_handle_taken: [409, "Another product has this handle."],
  sku_taken: [409, "Another variant has this SKU."],
  product_not_found: [422, "A product id given does not exist."],
  category_not_found: [422, "A category id given does not exist."],
  category_handle_taken: [409, "Another category has this handle."],
  // checkout
  cart_empty: [422, "The cart has no lines."],
  checkout_incomplete: [422, "A checkout step is missing."],
  shipping_method_unavailable: [422, "This shipping method is not available for the cart."],
  pickup_location_unavailable: [422, "This pickup location is not offered for the chosen pickup method."],
  insufficient_stock: [409, "Not enough stock."],
  price_changed: [409, "The total changed since the shopper saw it."],
  checkout_in_progress: [409, "The cart is being completed by another request."],
  payment_declined: [402, "The payment was declined."],
  payment_pending: [409, "The payment outcome is not known yet."],
  payment_action_required: [402, "The shopper must finish a payment step (3-D Secure) first."],
  payment_action_not_pending: [409, "No payment step is waiting for the shopper on this cart."],
  payment_provider_unavailable: [503, "The payment provider is unavailable."],
  unsupported_payment_provider: [422, "This payment provider is not enabled."],
  // payments
  card_invalid: [422, "The card details are invalid."],
  payment_not_capturable: [409, "The payment is not authorized, so it cannot be captured."],
  amount_exceeds_authorized: [422, "The capture amount is more than the authorized amount."],
  payment_not_refundable: [409, "The payment has nothing captured to refund."],
  refund_exceeds_captured: [409, "The refund is more than what was captured and not yet refunded."],
  payment_provider_error: [502, "The payment provider refused the operation."],
  webhook_signature_invalid: [400, "The webhook signature is missing, invalid or too old."],
  // bank transfers and purchase orders
  purchase_order_not_allowed: [403, "This account may not pay by purchase order."],
  credit_limit_exceeded: [
    402,
    "The order is more than the account's available credit; `available` says how much.",
  ],
  payment_not_offline: [409, "The order is not paid by bank transfer or invoice."],
  payment_not_open: [409, "The payment is voided or refunded; it takes no more money."],
  order_cancelled: [409, "The order was cancelled; money received for it must be refunded."],
  currency_mismatch: [422, "The amount is in another currency than the payment."],
  invalid_bank_statement: [422, "The bank statement cannot be read; `errors` names the lines."],
  // promotions and gift cards
  promotion_code_rejected: [422, "The promotion code does not apply to this cart; `reason` says why."],
  usage_limit_reached: [409, "The promotion has no uses left (in total or for this customer)."],
  promotion_code_taken: [409, "Another promotion already has this code."],
  gift_card_not_found: [422, "No active gift card has this code."],
  gift_card_expired: [422, "The gift card has expired."],
  gift_card_currency_mismatch: [422, "The gift card is in another currency than the order."],
  gift_card_insufficient_balance: [409, "The gift card balance is too low."],
  gift_card_refund_exceeds_captured: [422, "More would be refunded to the gift card than was spent from it."],
  // orders and fulfillment
  order_not_cancellable: [409, "The order has shipments, so it can no longer be cancelled."],
  order_not_fulfillable: [409, "The order is cancelled, so it cannot be shipped."],
  order_transition_refused: [
    409,
    "The order's state does not allow this change; `orderState` says what it is.",
  ],
  sku_not_in_order: [422, "The order has no line with this SKU."],
  quantity_exceeds_unfulfilled: [
    409,
    "More units than are left to ship on the order; `remaining` says how many.",
  ],
  unsupported_carrier: [422, "This carrier is not configured."],
  carrier_unavailable: [503, "The carrier did not issue a label; retry shortly."],
  shipment_not_shippable: [409, "The shipment has no label yet, so it cannot be marked shipped."],
  // returns
  order_not_returnable: [409, "The order is cancelled, so nothing can be returned."],
  return_quantity_exceeds_returnable: [
    409,
    "More units than were shipped and not yet returned; `returnable` says how many per SKU.",
  ],
  return_transition_invalid: [
    409,
    "The return's status does not allow this; `returnStatus` says what it is.",
  ],
  shipping_already_refunded: [409, "The order's shipping was already refunded with another return."],
  refund_exceeds_returned: [422, "More than the returned units are worth; `refundable` says how much."],
  nothing_to_refund: [
    422,
    "No returned units arrived that were not exchanged, so there is nothing to refund.",
  ],
  exchange_variant_invalid: [
    422,
    "The exchange asks for a SKU that is not another active variant of the returned line's product.",
  ],
  exchange_price_differs: [
    422,
    "The replacement variant's price differs from the returned one's; only same-price exchanges are possible.",
  ],
  exchange_out_of_stock: [
    409,
    "The replacement variant is out of stock; `available` says how many are free. Ask for a refund instead.",
  ],
  // abandoned-cart recovery
  recovery_link_invalid: [400, "The link from the email was changed or cut short."],
  recovery_link_expired: [410, "The link from the email has expired."],
  // admin
  shipping_code_taken: [409, "Another shipping zone or method already has this code."],
  sku_not_found: [404, "No stock is tracked for this SKU."],
  stock_below_reserved: [409, "Stock cannot go below the reserved quantity."],
  location_not_found: [404, "There is no stock location with this id."],
  location_code_taken: [409, "Another stock location uses this code."],
  invalid_transfer: [400, "A transfer moves stock between two different locations."],
  backorder_limit_below_owed: [422, "The backorder limit is below the units already owed on backorder."],
  replenishment_not_found: [404, "There is no replenishment request with this id."],
  replenishment_closed: [409, "The replenishment request was already received or cancelled."],
  webhook_endpoint_disabled: [409, "The webhook endpoint is disabled; enable it first."],
  // infrastructure
  service_unavailable: [503, "The service is temporarily unavailable."],
  internal_error: [500, "Something went wrong on our side."],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof errorCatalog;

export function statusOf(code: string): number {
  return (errorCatalog as Record<string, readonly [number, string]>)[code]?.[0] ?? 500;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export function problemBody(failure: Failure, instance?: string): ProblemBody {
  const entry = (errorCatalog as Record<string, readonly [number, string]>)[failure.code];
  const status = entry?.[0] ?? 500;
  return {
    type: `https://cartwright.dev/problems/${failure.code}`,
    title: entry?.[1] ?? "Error",
    status,
    code: failure.code,
    detail: failure.detail,
    ...(instance ? { instance } : {}),
    ...(failure.errors ? { errors: failure.errors } : {}),
    ...(failure.meta ?? {}),
  };
}

/** Sends a failure as RFC 9457 application/problem+json. */
export function sendProblem(reply: FastifyReply, failure: Failure): FastifyReply {
  const body = problemBody(failure, reply.request.url.split("?")[0]);
  if (
    body.status === 409 &&
    (failure.code === "checkout_in_progress" ||
      failure.code === "idempotency_key_in_use" ||
      failure.code === "payment_pending")
  ) {
    reply.header("retry-after", "1");
  }
  if (body.status === 503) {
    const seconds = failure.meta?.retryAfterSeconds;
    reply.header("retry-after", String(typeof seconds === "number" && seconds > 0 ? seconds : 5));
  }
  return reply.code(body.status).type("application/problem+json").serializer(JSON.stringify).send(body);
}

/** Sends a use case's result: the value with `status`, or its failure as a problem. */
export function sendResult<T>(reply: FastifyReply, result: Result<T>, status = 200): FastifyReply {
  if (!result.ok) return sendProblem(reply, result.failure);
  return reply.code(status).send(result.value);
}
