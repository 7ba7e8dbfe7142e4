// Owns orders: the placed snapshot, its lines, number, state machine (order-state.ts) and timeline.
// Does not own payments or stock: checkout places an order and links them in one transaction.

export { cancelOverdueBankTransfers } from "./cancel-unpaid-orders.ts";
export { offlinePaymentsAdminRoutes } from "./offline-payments.routes.ts";
export type { OrderJson } from "./order.schemas.ts";
export { orderSchema, toOrderJson } from "./order.schemas.ts";
export { findOrderForCustomer, findOrderForShopper } from "./order-access.ts";
export { listOrdersToFulfil, lockOrderForFulfillment, recordFulfillmentStatus } from "./order-fulfillment.ts";
export { orderPaymentsAdminRoutes } from "./order-payments.routes.ts";
export { captureOrderPayment, followOn, getOrderPayments, refundOrderPayment } from "./order-payments.ts";
export type { OrderFacets, OrderMove, OrderState } from "./order-state.ts";
export { decideOrderMove, orderState, orderStates } from "./order-state.ts";
export {
  orderStatusSchema,
  placedOrderSchema,
  toOrderStatusJson,
  toPlacedOrderJson,
} from "./order-status.schemas.ts";
export { appendOrderTimeline } from "./order-timeline.ts";
export type { OrderView } from "./orders.repository.ts";
export {
  claimGuestOrders,
  findOrderByCart,
  findOrderByNumber,
  getOrder,
  listOrders,
  listOrdersForCustomer,
} from "./orders.repository.ts";
export { ordersAdminRoutes } from "./orders.routes.ts";
export { ordersStoreRoutes, orderTokenHeaders } from "./orders.store.routes.ts";
export type { NewOrder } from "./place-order.ts";
export { placeOrder } from "./place-order.ts";
export { importBankStatement, markOrderPaid } from "./record-offline-payment.ts";
export type { OrderPaymentStatus } from "./record-payment-status.ts";
export { recordPaymentStatus } from "./record-payment-status.ts";
export type { FulfillmentStatus, OrderAddress, OrderFx } from "./schema.ts";
