// Owns checkout attempts and the completion saga: the one place that orchestrates cart,
// inventory, payments and orders. Nothing calls up into it; it calls down into them.
export { checkoutStoreRoutes } from "./checkout.routes.ts";
export type { CheckoutContext, CheckoutHooks, CompleteCheckoutInput } from "./complete-checkout.ts";
export { completeCheckout } from "./complete-checkout.ts";
export { paypalOrderStoreRoutes } from "./paypal-orders.routes.ts";
export type { RecoveryReport } from "./recover-checkouts.ts";
export { recoverCheckouts } from "./recover-checkouts.ts";
export { resumeAttemptFromProvider } from "./resume-attempt.ts";
