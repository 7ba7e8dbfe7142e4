import { isTaxCategory, type TaxResult, type TaxSettings } from "../tax/index.ts";
import type { Address } from "./schema.ts";

export interface CartTax extends TaxResult {
  /** No shipping address yet: taxed as if delivered in the seller's country, to be confirmed. */
  provisional: boolean;
}

/**
 * Asks the configured tax provider for a cart's taxes. Lines go in at shelf price with their
 * discount; the destination is the shipping address (the place of supply for goods). Calls a
 * provider, which may be remote (bounded by withFallback in app/); writes nothing.
 */
export async function taxCart(
  settings: TaxSettings,
  cart: {
    currency: string;
    lines: readonly { id: string; amount: number; discount: number; taxCategory: string }[];
    shipping: number;
    shippingAddress: Address | null;
    vatId: string | null;
  },
): Promise<CartTax> {
  const address = cart.shippingAddress;
  const result = await settings.provider.calculate({
    currency: cart.currency,
    seller: settings.seller,
    destination: address
      ? { country: address.country, region: address.region, postalCode: address.postalCode }
      : { country: settings.seller.country },
    customerVatId: cart.vatId ?? undefined,
    // An unknown category (typo, newer catalog) is taxed at the standard rate, never at none.
    lines: cart.lines.map((l) => ({
      ...l,
      taxCategory: isTaxCategory(l.taxCategory) ? l.taxCategory : "standard",
    })),
    shipping: cart.shipping,
    rounding: settings.rounding,
  });
  return { ...result, provisional: !address };
}
