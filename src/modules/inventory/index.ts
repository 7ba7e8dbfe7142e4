// Owns stock per SKU, reservations for checkouts in flight, and the movement ledger.
// Does not know about carts or orders: callers pass a reference (a checkout attempt id).

export type { AdjustmentReason, StockLevel } from "./adjust-stock.ts";
export { adjustStock, getStockLevel, receiveStock, returnStock } from "./adjust-stock.ts";
export { inventoryAdminRoutes } from "./inventory.routes.ts";
export type { StockRequest } from "./reservations.ts";
export { commitReservations, getAvailability, releaseReservations, reserveStock } from "./reservations.ts";
