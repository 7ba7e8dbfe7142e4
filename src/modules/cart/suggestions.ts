import type { Db } from "../../shared/db/database.ts";
import {
  findSuggestionCandidates,
  type PriceSettings,
  priceVariants,
  type SuggestionCandidate,
} from "../catalog/index.ts";
import type { StockStatus } from "../inventory/index.ts";

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

/** Related products a cart holding `productIds` could suggest (cached with the catalog). */
export function suggestionCandidatesFor(db: Db, productIds: string[]): Promise<SuggestionCandidate[]> {
  return findSuggestionCandidates(db, productIds, maxSuggestions);
}

/** The SKUs whose stock decides which candidates are shown. */
export const candidateSkus = (candidates: readonly SuggestionCandidate[]): string[] =>
  candidates.flatMap((c) => c.variants.map((v) => v.sku));

/**
 * Up to four suggestions among `candidates`: for each related product, its first active variant
 * (by SKU) that has stock and a price for this buyer in the cart's currency. `available` holds
 * the free units of `candidateSkus(candidates)`, read with the cart's own stock in one query.
 */
export async function pickSuggestions(
  db: Db,
  candidates: readonly SuggestionCandidate[],
  available: Map<string, StockStatus>,
  input: { currency: string; customerId: string | null; at: Date },
  settings: PriceSettings,
): Promise<CartSuggestion[]> {
  const all = candidates.flatMap((c) => c.variants);
  if (all.length === 0) return [];
  const { variants } = await priceVariants(
    db,
    { lines: all.map((v) => ({ variantId: v.variantId, quantity: 1 })), ...input },
    settings,
  );
  const out: CartSuggestion[] = [];
  for (const c of candidates) {
    const pick = c.variants.find((v) => {
      const priced = variants.get(v.variantId);
      return priced?.active && priced.price !== null && (available.get(v.sku)?.available ?? 0) > 0;
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
