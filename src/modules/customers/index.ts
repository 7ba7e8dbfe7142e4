// Owns customer accounts: credentials, sessions, emailed single-use links, saved addresses and
// guest-order claims. Does not own carts or orders: it asks the cart and orders modules to link them.

export { customerGroupAdminRoutes } from "./customer-group.routes.ts";
export { findCustomerGroup } from "./customer-group.ts";
export { customerStoreRoutes } from "./customers.plugin.ts";
export type { CustomersContext } from "./customers-context.ts";
export { isFirstOrder } from "./first-order.ts";
export { paymentTermsAdminRoutes } from "./payment-terms.routes.ts";
export type { PaymentTerms } from "./payment-terms.ts";
export { findPurchaseOrderTerms, getPaymentTerms } from "./payment-terms.ts";
export { sessionCookie } from "./session-auth.ts";
export { type CustomerSession, findSession, sessionTokenPrefix } from "./sessions.ts";
