// Owns shipping zones, methods (delivery and store pickup), their rate tables per zone and
// currency, pickup locations, and the delivery calendar (warehouse, holidays) behind estimates.
// Does not own the shopper's choice: the cart keeps the chosen method and pickup location ids.

export { readShippingConfigFromCache } from "./config-cache.ts";
export {
  addHolidays,
  getWarehouse,
  listHolidays,
  removeHoliday,
  setWarehouse,
} from "./delivery-calendar.ts";
export type { DeliveryEstimate, WarehouseCalendar } from "./delivery-estimate.ts";
export { estimateDelivery } from "./delivery-estimate.ts";
export {
  createShippingMethod,
  listShippingMethods,
  type MethodView,
  setMethodRate,
  updateShippingMethod,
} from "./methods.ts";
export { addPickupLocation } from "./pickup-locations.ts";
export type { RateRequest, ShippingRateProvider } from "./rate-provider.ts";
export { tableRateProvider } from "./rate-provider.ts";
export type { RatedCart, RateTable } from "./rate-table.ts";
export type { OpeningHours, PlaceAddress } from "./schema.ts";
export { shippingAdminRoutes } from "./shipping.routes.ts";
export type { Destination, PickupLocationOption, ShippingOption } from "./shipping-options.ts";
export { findShippingOption, listShippingOptions } from "./shipping-options.ts";
export { createZone } from "./zones.ts";
