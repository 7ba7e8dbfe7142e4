import type { Db } from "../../shared/db/database.ts";
import { nativePricesOnly, type PriceSettings, priceVariants } from "./price-variants.ts";

/**
 * What one unit of each variant costs a shopper who is not signed in, in `currency`, at `at`:
 * its own price there (with a running sale), or the base currency's converted at the current rate
 * and the currency's rounding. Resolved by `priceVariants`, the function carts use, so a product
 * list never shows a price the cart would not charge. Absent from the map: not sold in `currency`.
 * Read-only; three to five queries whatever the number of variants.
 */
export async function findPublicPrices(
  db: Db,
  variantIds: readonly string[],
  currency: string,
  settings: PriceSettings | undefined,
  at: Date,
): Promise<Map<string, number>> {
  const { variants } = await priceVariants(
    db,
    { lines: variantIds.map((variantId) => ({ variantId, quantity: 1 })), currency, customerId: null, at },
    settings ?? nativePricesOnly,
  );
  const out = new Map<string, number>();
  for (const [id, v] of variants) if (v.price) out.set(id, v.price.amount);
  return out;
}
