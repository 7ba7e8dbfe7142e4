// Owns tax rules: rate tables per jurisdiction, VAT ID checks, reverse charge, rounding and the
// provider slot. Pure (no tables of its own); does not own prices, addresses or carts.

export { calculateTax, createBuiltinTaxProvider } from "./calculate-tax.ts";
export { euMemberStates, isEuMemberState } from "./data/eu-vat-rates.ts";
export type { UsLocalRate } from "./data/us-rates.ts";
export { type FallbackOptions, withFallback } from "./fallback-provider.ts";
export { reverseChargeNote } from "./reverse-charge.ts";
export {
  isTaxCategory,
  type TaxBreakdownEntry,
  type TaxCategory,
  type TaxComponentAmount,
  type TaxedItem,
  type TaxInput,
  type TaxProvider,
  type TaxResult,
  type TaxRounding,
  type TaxSettings,
  taxCategories,
} from "./tax-provider.ts";
export { checkVatId, type VatIdCheck } from "./vat-id.ts";
