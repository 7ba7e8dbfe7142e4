// Owns orders: the placed snapshot, its lines, number and timeline.
// Does not own payments or stock: checkout places an order and links them in one transaction.

export type { OrderJson } from "./order.schemas.ts";
export { orderSchema, toOrderJson } from "./order.schemas.ts";
export type { OrderView } from "./orders.repository.ts";
export { findOrderByCart, getOrder, listOrders } from "./orders.repository.ts";
export { ordersAdminRoutes } from "./orders.routes.ts";
export type { NewOrder } from "./place-order.ts";
export { placeOrder } from "./place-order.ts";
