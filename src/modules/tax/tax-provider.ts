/**
 * The tax engine's contract. A provider turns a priced cart (lines after discounts, shipping,
 * destination, seller and buyer) into taxes per line and a breakdown per jurisdiction and rate.
 * Amounts are integer minor units of `currency`; rates are parts per million.
 */

/** Rate levels a merchant can pick directly, and product categories mapped to a rate per country. */
export const taxCategories = [
  "standard",
  "reduced",
  "super_reduced",
  "zero",
  "exempt",
  "books",
  "food",
  "digital",
] as const;
export type TaxCategory = (typeof taxCategories)[number];

export const isTaxCategory = (value: string): value is TaxCategory =>
  (taxCategories as readonly string[]).includes(value);

/** Where tax rounds: on each line and component, or once per document and rate (then split). */
export type TaxRounding = "line" | "document";

export interface TaxInput {
  currency: string;
  /** The merchant: origin country and, when registered, its own VAT ID. */
  seller: { country: string; vatId?: string | undefined };
  /** Where the goods go: the place of supply for goods, so it picks the rates. */
  destination: { country: string; region?: string | undefined; postalCode?: string | undefined };
  /** The buyer's VAT ID for B2B (reverse charge); checked here, never trusted as given. */
  customerVatId?: string | undefined;
  /** Line amounts at shelf price (tax-inclusive where the destination's market is). */
  lines: readonly {
    id: string;
    /** unit price × quantity, before discounts. */
    amount: number;
    /** The discount allocated to this line, in the same terms as `amount`; 0 when none. */
    discount: number;
    taxCategory: TaxCategory;
  }[];
  /** Shipping at shelf price, or 0 when no method is chosen. */
  shipping: number;
  rounding: TaxRounding;
}

export interface TaxComponentAmount {
  /** "DE", "CA", "CA-BC", "US-IL", "US-NY-NYC": who levies it. */
  jurisdiction: string;
  /** Name on a receipt: VAT, GST, HST, PST, QST, Sales tax. */
  name: string;
  ratePpm: number;
  amount: number;
}

/** One taxed item (a line or the shipping): net + tax is what the buyer pays for it. */
export interface TaxedItem {
  /** Net of tax and before the discount. */
  net: number;
  /** The discount's share net of tax, so `net − discountNet + tax` is what the item costs. */
  discountNet: number;
  /** The amount tax was computed on: `net − discountNet`. */
  taxable: number;
  tax: number;
  components: TaxComponentAmount[];
}

export interface TaxBreakdownEntry {
  jurisdiction: string;
  name: string;
  ratePpm: number;
  /** Sum of the taxable amounts (lines and shipping) taxed at this rate here. */
  taxable: number;
  amount: number;
}

export interface TaxResult {
  currency: string;
  /** True when shelf prices contain tax in the destination's market (EU, UK, AU, …). */
  pricesIncludeTax: boolean;
  rounding: TaxRounding;
  lines: (TaxedItem & { id: string })[];
  shipping: TaxedItem;
  /** Per jurisdiction and rate; its amounts add up to `taxTotal` exactly. */
  breakdown: TaxBreakdownEntry[];
  taxTotal: number;
  /** EU B2B with a valid VAT ID of another member state: 0 % and the legal note in `notes`. */
  reverseCharge: boolean;
  /** Texts an invoice must carry (the reverse-charge mention) or the shopper should read. */
  notes: string[];
  /** Which provider computed this ("builtin" or the external one's name). */
  provider: string;
  /** True when the configured external provider failed and built-in rates were used. */
  fallback: boolean;
}

/**
 * A source of tax calculations. Called on every cart read (so on every cart change) and once
 * more inside checkout's prepare step, which holds the cart's row lock while it waits: an
 * implementation that goes over the network must answer fast and should be wrapped in
 * `withFallback`, which bounds the wait and falls back to the built-in rates. Must be pure
 * with respect to Cartwright's data (no writes) and deterministic for the same input, or a
 * shopper who saw one total is refused at completion with `price_changed`.
 */
export interface TaxProvider {
  readonly name: string;
  calculate(input: TaxInput, options?: { signal?: AbortSignal }): Promise<TaxResult>;
}

/** What the cart needs to tax a cart: the provider chosen in app/ plus the seller's settings. */
export interface TaxSettings {
  provider: TaxProvider;
  seller: { country: string; vatId?: string | undefined };
  rounding: TaxRounding;
}
