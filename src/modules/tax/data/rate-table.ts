import type { TaxCategory } from "../tax-provider.ts";

/**
 * How shipping is taxed in a jurisdiction:
 * - `follows_goods`: split over the lines in proportion to their amounts and taxed at each
 *   line's rate (EU/UK practice for a single delivery of mixed goods, Canada, US states that tax
 *   delivery); exempt goods make their share of shipping exempt too.
 * - `standard`: taxed at the standard rate whatever is shipped (e.g. Japan, New Zealand).
 * - `exempt`: not taxed when separately stated (many US states).
 */
export type ShippingTaxability = "follows_goods" | "standard" | "exempt";

export type ProductCategory = Exclude<
  TaxCategory,
  "standard" | "reduced" | "super_reduced" | "zero" | "exempt"
>;

/** One tax levied by one jurisdiction, with its rates in parts per million. */
export interface TaxComponentRates {
  jurisdiction: string;
  name: string;
  standard: number;
  reduced?: number;
  superReduced?: number;
  /** Product categories whose rate here differs from the standard one. */
  products?: Partial<Record<ProductCategory, number>>;
  shipping: ShippingTaxability;
  /** Where the rates were taken from. */
  source: string;
  /** The date from which the newest rate in this entry applies (ISO). */
  effective: string;
}

/** A market: the taxes levied on a sale delivered there, and how prices are shown. */
export interface MarketRates {
  /** Shelf prices contain tax (consumer-price rule in the EU, UK, AU, NZ, JP, SG, NO, CH). */
  pricesIncludeTax: boolean;
  components: TaxComponentRates[];
}
