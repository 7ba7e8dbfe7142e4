// Owns payment records, their transaction history and the gateway interface with its providers.
// Does not decide when to pay: checkout calls authorize/void; orders never call a provider.

export type {
  Gateways,
  PaymentOutcome,
  PaymentRequest,
  PaymentSummary,
  PaymentsContext,
} from "./authorize-payment.ts";
export {
  attachPaymentToOrder,
  authorizePayment,
  listUnlinkedAuthorizations,
  lookupPayment,
  voidPayment,
} from "./authorize-payment.ts";
export { capturePayment } from "./capture-payment.ts";
export type { AuthorizeOutcome, DeclineReason, PaymentGateway } from "./gateway.ts";
export type { OnPaymentChanged, PaymentView } from "./payment-history.ts";
export { getPaymentView, listOrderPayments } from "./payment-history.ts";
export type { StripeClientOptions } from "./providers/stripe-gateway.ts";
export { createStripeClient, createStripeGateway } from "./providers/stripe-gateway.ts";
export type { TestGatewayOptions } from "./providers/test-gateway.ts";
export { createTestGateway } from "./providers/test-gateway.ts";
export type { RefundInput } from "./refund-payment.ts";
export { refundPayment } from "./refund-payment.ts";
export type { ResilienceOptions, ResilientGateway } from "./resilient-gateway.ts";
export { createResilientGateway, providerUnavailable, withResilience } from "./resilient-gateway.ts";
export type { RetryPolicy, RetryTiming } from "./retry-policy.ts";
export type { PaymentStatus } from "./schema.ts";
export type { StripeWebhookOptions } from "./stripe-webhooks.routes.ts";
export { stripeWebhookRoutes } from "./stripe-webhooks.routes.ts";
export { testTokenStoreRoutes } from "./test-tokens.routes.ts";
