import type { Db } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { changesCatalog } from "./catalog-cache.ts";
import { prices, productCategories, products, type VariantDimensions, variants } from "./schema.ts";

export interface NewVariant {
  sku: string;
  title: string;
  options?: Record<string, string>;
  weightGrams?: number;
  dimensions?: VariantDimensions | null;
  /** "standard" unless given: e.g. "books", "food", "reduced", "exempt". */
  taxCategory?: string;
  status?: "active" | "archived";
  /** Minor units per currency, e.g. { USD: 2500, EUR: 2300 }. */
  prices: Record<string, number>;
}

export interface NewProduct {
  handle: string;
  title: string;
  description?: string;
  status?: "active" | "draft" | "archived";
  images?: string[];
  categoryIds?: string[];
  variants: NewVariant[];
}

/**
 * Creates a product with its variants, prices and categories in one transaction. A taken handle
 * or SKU, or an unknown category, throws the database's constraint error (the Admin API maps it).
 */
export const createProduct = changesCatalog(async function createProduct(
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
      status: input.status ?? "active",
      images: input.images ?? [],
      createdAt: at,
    });
    if (input.categoryIds?.length)
      await tx
        .insert(productCategories)
        .values(input.categoryIds.map((categoryId) => ({ productId: id, categoryId })));
    const created: { id: string; sku: string }[] = [];
    for (const v of input.variants) created.push(await insertVariant(tx, id, v));
    return { id, variants: created };
  });
});

/** Adds one variant with its prices to a product, inside the caller's transaction. */
export async function insertVariant(
  tx: Db,
  productId: string,
  v: NewVariant,
): Promise<{ id: string; sku: string }> {
  const variantId = newId("var");
  await tx.insert(variants).values({
    id: variantId,
    productId,
    sku: v.sku,
    title: v.title,
    options: v.options ?? {},
    weightGrams: v.weightGrams ?? 0,
    dimensions: v.dimensions ?? null,
    taxCategory: v.taxCategory ?? "standard",
    status: v.status ?? "active",
  });
  const priceRows = Object.entries(v.prices).map(([currency, amount]) => ({ variantId, currency, amount }));
  if (priceRows.length > 0) await tx.insert(prices).values(priceRows);
  return { id: variantId, sku: v.sku };
}
