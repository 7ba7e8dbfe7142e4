// Owns payment records, their transaction history and the gateway interface with its providers.
// Does not decide when to pay: checkout calls authorize/void; orders never call a provider.

export type { OnAttemptPaymentSettled } from "./apply-stripe-event.ts";
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
  voidPaymentAction,
} from "./authorize-payment.ts";
export type { LineMatch, StatementLine } from "./bank-statement.ts";
export { matchStatementLine, parseBankStatement } from "./bank-statement.ts";
export { capturePayment } from "./capture-payment.ts";
export type { CreditLine } from "./credit-lines.ts";
export { holdCredit, listCreditLines, releaseCredit, setCreditLimits } from "./credit-lines.ts";
export type { BankAccount } from "./domain/bank-account.ts";
export { isBic, normalizeIban, printableIban } from "./domain/bank-account.ts";
export { formatCreditorReference } from "./domain/creditor-reference.ts";
export type { AuthorizeOutcome, DeclineReason, PaymentAction, PaymentGateway } from "./gateway.ts";
export type { OnPaymentChanged, PaymentView } from "./payment-history.ts";
export { getPaymentView, listOrderPayments } from "./payment-history.ts";
export { offeredPaymentMethods, paymentMethodsStoreRoutes } from "./payment-methods.routes.ts";
export type { PayPalWebhookOptions } from "./paypal-webhooks.routes.ts";
export { paypalWebhookRoutes } from "./paypal-webhooks.routes.ts";
export type { OfflineGatewayOptions, OfflineMethod } from "./providers/offline-gateway.ts";
export { createOfflineGateway } from "./providers/offline-gateway.ts";
export type { PayPalClient, PayPalClientOptions } from "./providers/paypal-client.ts";
export { createPayPalClient } from "./providers/paypal-client.ts";
export { createPayPalGateway, paypalAmount } from "./providers/paypal-gateway.ts";
export type { StripeClientOptions } from "./providers/stripe-gateway.ts";
export { createStripeClient, createStripeGateway } from "./providers/stripe-gateway.ts";
export type { TestGatewayOptions } from "./providers/test-gateway.ts";
export { createTestGateway } from "./providers/test-gateway.ts";
export type { Receipt, ReceiptOutcome } from "./record-receipt.ts";
export { applyReceipt, offlineProviders } from "./record-receipt.ts";
export type { RefundInput } from "./refund-payment.ts";
export { refundPayment } from "./refund-payment.ts";
export type { ResilienceOptions, ResilientGateway } from "./resilient-gateway.ts";
export { createResilientGateway, providerUnavailable, withResilience } from "./resilient-gateway.ts";
export type { RetryPolicy, RetryTiming } from "./retry-policy.ts";
export type { PaymentStatus } from "./schema.ts";
export type { StripeWebhookOptions } from "./stripe-webhooks.routes.ts";
export { stripeWebhookRoutes } from "./stripe-webhooks.routes.ts";
export { testTokenStoreRoutes } from "./test-tokens.routes.ts";
