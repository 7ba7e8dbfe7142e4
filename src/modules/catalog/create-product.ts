import type { Db } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { prices, products, variants } from "./schema.ts";

export interface NewProduct {
  handle: string;
  title: string;
  description?: string;
  variants: {
    sku: string;
    title: string;
    options?: Record<string, string>;
    weightGrams?: number;
    /** "standard" unless given: e.g. "books", "food", "reduced", "exempt". */
    taxCategory?: string;
    /** Minor units per currency, e.g. { USD: 2500, EUR: 2300 }. */
    prices: Record<string, number>;
  }[];
}

/** Creates a product with its variants and prices in one transaction. */
export async function createProduct(
  db: Db,
  input: NewProduct,
  at: Date,
): Promise<{ id: string; variants: { id: string; sku: string }[] }> {
  return db.transaction(async (tx) => {
    const id = newId("prod");
    await tx.insert(products).values({
      id,
      handle: input.handle,
      title: input.title,
      description: input.description ?? "",
      createdAt: at,
    });
    const created: { id: string; sku: string }[] = [];
    for (const v of input.variants) {
      const variantId = newId("var");
      await tx.insert(variants).values({
        id: variantId,
        productId: id,
        sku: v.sku,
        title: v.title,
        options: v.options ?? {},
        weightGrams: v.weightGrams ?? 0,
        taxCategory: v.taxCategory ?? "standard",
      });
      const priceRows = Object.entries(v.prices).map(([currency, amount]) => ({
        variantId,
        currency,
        amount,
      }));
      if (priceRows.length > 0) await tx.insert(prices).values(priceRows);
      created.push({ id: variantId, sku: v.sku });
    }
    return { id, variants: created };
  });
}
