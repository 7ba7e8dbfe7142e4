import type { Db } from "../../shared/db/database.ts";
import { findSuggestionCandidates, type PriceSettings, priceVariants } from "../catalog/index.ts";
import { getAvailability } from "../inventory/index.ts";

/** A product to offer next to the cart: related to what is in it, in stock, priced in its currency. */
export interface CartSuggestion {
  productId: string;
  variantId: string;
  sku: string;
  title: string;
  image: string | null;
  kind: "accessory" | "frequently_bought_together";
  unitPrice: number;
}

const maxSuggestions = 4;

/**
 * Up to four suggestions for a cart holding `productIds`: for each related product, its first
 * active variant (by SKU) that has stock and a price for this buyer in the cart's currency.
 * Read-only; four queries at most, none when the cart is empty.
 */
export async function suggestForCart(
  db: Db,
  input: { productIds: string[]; currency: string; customerId: string | null; at: Date },
  settings: PriceSettings,
): Promise<CartSuggestion[]> {
  const candidates = await findSuggestionCandidates(db, input.productIds, maxSuggestions);
  const all = candidates.flatMap((c) => c.variants);
  if (all.length === 0) return [];
  const { variants } = await priceVariants(
    db,
    { lines: all.map((v) => ({ variantId: v.variantId, quantity: 1 })), ...input },
    settings,
  );
  const stock = await getAvailability(
    db,
    all.map((v) => v.sku),
  );
  const out: CartSuggestion[] = [];
  for (const c of candidates) {
    const pick = c.variants.find((v) => {
      const priced = variants.get(v.variantId);
      return priced?.active && priced.price !== null && (stock.get(v.sku) ?? 0) > 0;
    });
    if (!pick) continue;
    out.push({
      productId: c.productId,
      variantId: pick.variantId,
      sku: pick.sku,
      title: pick.title ? `${c.title} – ${pick.title}` : c.title,
      image: c.image,
      kind: c.kind,
      unitPrice: variants.get(pick.variantId)!.price!.amount,
    });
    if (out.length === maxSuggestions) break;
  }
  return out;
}
