// Owns stock per SKU and location, reservations for checkouts in flight, backorders, reorder
// points with replenishment requests, and the movement ledger.
// Does not know about carts or orders: callers pass a reference (a checkout attempt id).

export type { AdjustmentReason } from "./adjust-stock.ts";
export { adjustStock, receiveStock, returnStock } from "./adjust-stock.ts";
export { inventoryAdminRoutes } from "./inventory.routes.ts";
export { DEFAULT_LOCATION_ID } from "./location-stock.ts";
export { createLocation, type Location, listLocations } from "./locations.ts";
export type { SkuReservation, StockRequest, StockStatus } from "./reservations.ts";
export {
  commitReservations,
  getAllocations,
  getAvailability,
  getStockStatus,
  releaseReservations,
  reserveStock,
} from "./reservations.ts";
export { bookReturnedUnits } from "./returned-units.ts";
export { getStockLevel, type StockLevel } from "./stock-levels.ts";
export { type StockSettings, updateStockSettings } from "./stock-settings.ts";
export { transferStock } from "./transfer-stock.ts";
