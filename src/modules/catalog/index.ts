// Owns products, variants (SKUs) and their prices per currency.
// Does not own stock (inventory) or what a shopper pays after promotions and tax (cart).

export type { ProductListing, SellableVariant } from "./catalog.repository.ts";
export { findSellableVariants, findVariantIdBySku, listActiveProducts } from "./catalog.repository.ts";
export { catalogStoreRoutes } from "./catalog.routes.ts";
export type { NewProduct } from "./create-product.ts";
export { createProduct } from "./create-product.ts";
