// Owns shipping methods, the countries they serve and their rates per currency.
// Does not own the shopper's choice: the cart keeps the chosen method id.

export type { ShippingOption } from "./shipping-options.ts";
export { createShippingMethod, findShippingOption, listShippingOptions } from "./shipping-options.ts";
