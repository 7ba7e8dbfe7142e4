// Owns products, variants (SKUs), categories, relations, prices per currency, price rules (sales,
// tiers, group price lists, contract prices) and FX rates with rounding: what a unit costs and why.
// Does not own stock (inventory) or what a shopper pays after promotions and tax (cart).

export { catalogAdminRoutes } from "./catalog.admin.routes.ts";
export type { ProductListing, SellableVariant } from "./catalog.repository.ts";
export { findSellableVariants, findVariantIdBySku, listActiveProducts } from "./catalog.repository.ts";
export { catalogStoreRoutes } from "./catalog.routes.ts";
export { findProductCategoryIds } from "./categories.ts";
export type { NewProduct } from "./create-product.ts";
export { createProduct } from "./create-product.ts";
export { convertPrice, type RoundingRule, toSettlement } from "./domain/convert-price.ts";
export type { PricePrecedence } from "./domain/resolve-price.ts";
export { createEcbFxRates, type EcbFxOptions, ecbDailyRatesUrl } from "./ecb-fx-rates.ts";
export { adminFxRates, type FxQuote, type FxRateProvider, normalizeRate } from "./fx-rates.ts";
export {
  type CartFx,
  nativePricesOnly,
  type PricedVariant,
  type PriceSettings,
  priceVariants,
  type VariantPrice,
} from "./price-variants.ts";
export {
  findSuggestionCandidates,
  type SuggestionCandidate,
  setProductRelations,
} from "./product-relations.ts";
export { findVariantFacts, type VariantFacts } from "./variant-facts.ts";
