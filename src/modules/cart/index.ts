// Owns carts, their lines and the checkout details gathered on them (contact, address, method),
// priced live on every read. Does not own orders: checkout freezes a cart and orders copy it.

export { acknowledgePrices } from "./acknowledge-prices.ts";
export { addressSchema } from "./address.schema.ts";
export type { CartLineRow, CartRow } from "./cart.repository.ts";
export { findCart, lockCart, lockCartWithLines } from "./cart.repository.ts";
export { cartStoreRoutes, cartTokenHeaders } from "./cart.routes.ts";
export { cartSchema, toCartJson } from "./cart.schemas.ts";
export type { CartAccess } from "./change-lines.ts";
export { addLine, removeLine, updateLine } from "./change-lines.ts";
export type { CheckoutStepReport } from "./checkout-steps.ts";
export { freezeCart, markCartCompleted, reopenCart } from "./completion.ts";
export { createCart } from "./create-cart.ts";
export type { Totals } from "./domain/totals.ts";
export { computeTotals } from "./domain/totals.ts";
export { expireIdleCarts } from "./expire-carts.ts";
export { attachCartToCustomer, mergeGuestCart } from "./merge-carts.ts";
export type { CartIssue, CartPricing, PricedCart, PricedLine } from "./price-cart.ts";
export { priceCart } from "./price-cart.ts";
export {
  findCartForRecovery,
  type IdleCart,
  type IdleCartCursor,
  listIdleCarts,
  reissueCartToken,
} from "./recovery-access.ts";
export type { Address } from "./schema.ts";
export {
  type OfferedPaymentMethod,
  setBilling,
  setContact,
  setPaymentMethod,
  setShippingAddress,
  setShippingMethod,
} from "./set-checkout-details.ts";
export type { CartTax } from "./tax-cart.ts";
