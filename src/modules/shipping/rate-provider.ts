import { type RatedCart, type RateOutcome, type RateTable, rateFor } from "./rate-table.ts";

/** What a provider is asked to price: one delivery method, in its winning zone, for one cart. */
export interface RateRequest {
  method: { id: string; code: string };
  zone: { id: string; code: string };
  currency: string;
  /** The merchant's table for this method, zone and currency. */
  table: RateTable;
  cart: RatedCart;
}

/**
 * Prices delivery methods. Called once per candidate method on every shipping-options listing
 * and cart read, so it must answer fast: a provider asking a carrier's API should cache and
 * bound its calls, and answer "not offered" rather than throw when the carrier is down.
 */
export interface ShippingRateProvider {
  readonly name: string;
  quote(request: RateRequest): Promise<RateOutcome>;
}

/** The built-in provider: the merchant's rate tables, priced by `rateFor`. No I/O. */
export const tableRateProvider: ShippingRateProvider = {
  name: "table",
  quote: async (request) => rateFor(request.table, request.cart),
};
