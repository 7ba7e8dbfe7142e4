// Owns returns: what a shopper sends back, its label, receipt of the goods, refunds and their
// credit notes. Does not own orders, payments, stock or cards: it asks those modules' front doors.

export { refundForUnits, scaleRefund } from "./domain/refund-amounts.ts";
export { type ReceivedLine, receiveReturn } from "./receive-return.ts";
export { type RefundRequest, refundReturn } from "./refund-return.ts";
export { type ReturnRequest, requestReturn } from "./request-return.ts";
export { type PendingRefundsReport, retryPendingRefunds } from "./retry-pending-refunds.ts";
export { returnsAdminRoutes } from "./returns.admin.routes.ts";
export { findReturnLabel, getReturn, listReturns, type ReturnView } from "./returns.repository.ts";
export { returnsStoreRoutes } from "./returns.store.routes.ts";
export type { ReturnsContext } from "./returns-context.ts";
export { approveReturn, cancelReturn, rejectReturn } from "./review-return.ts";
export type { Disposition, RefundMethod, ReturnReason, ReturnStatus } from "./schema.ts";
export { trackReturnParcel } from "./track-return-parcel.ts";
