// Owns shipping methods, the countries they serve, their rates per currency, and the delivery
// calendar (warehouse, holidays) behind delivery estimates. Does not own the shopper's choice:
// the cart keeps the chosen method id.

export { addHolidays, setWarehouse } from "./delivery-calendar.ts";
export type { DeliveryEstimate, WarehouseCalendar } from "./delivery-estimate.ts";
export { estimateDelivery } from "./delivery-estimate.ts";
export type { Destination, ShippingOption } from "./shipping-options.ts";
export { createShippingMethod, findShippingOption, listShippingOptions } from "./shipping-options.ts";
