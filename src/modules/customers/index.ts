// Owns customer accounts: credentials, sessions, emailed single-use links, saved addresses and
// guest-order claims. Does not own carts or orders: it asks the cart and orders modules to link them.

export { customerStoreRoutes } from "./customers.plugin.ts";
export type { CustomersContext } from "./customers-context.ts";
export { sessionCookie } from "./session-auth.ts";
