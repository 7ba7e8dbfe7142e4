import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { prices, products, variants } from "./schema.ts";

export interface SellableVariant {
  variantId: string;
  productId: string;
  sku: string;
  productTitle: string;
  variantTitle: string;
  options: Record<string, string>;
  weightGrams: number;
  /** Tax category as stored; the tax module decides what rate it means where. */
  taxCategory: string;
  active: boolean;
  /** Unit price in the requested currency, minor units; null when not sold in it. */
  unitPrice: number | null;
}

/** Current price and status of variants in one currency: what a cart re-validates against. */
export async function findSellableVariants(
  db: Db,
  variantIds: readonly string[],
  currency: string,
): Promise<Map<string, SellableVariant>> {
  if (variantIds.length === 0) return new Map();
  const rows = await db
    .select({
      variantId: variants.id,
      productId: products.id,
      sku: variants.sku,
      productTitle: products.title,
      variantTitle: variants.title,
      options: variants.options,
      weightGrams: variants.weightGrams,
      taxCategory: variants.taxCategory,
      variantStatus: variants.status,
      productStatus: products.status,
      unitPrice: prices.amount,
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(prices, and(eq(prices.variantId, variants.id), eq(prices.currency, currency)))
    .where(inArray(variants.id, [...variantIds]));
  return new Map(
    rows.map(({ variantStatus, productStatus, ...r }) => [
      r.variantId,
      { ...r, active: variantStatus === "active" && productStatus === "active" },
    ]),
  );
}

export async function findVariantIdBySku(db: Db, sku: string): Promise<string | undefined> {
  const [row] = await db.select({ id: variants.id }).from(variants).where(eq(variants.sku, sku));
  return row?.id;
}

export interface ProductListing {
  id: string;
  handle: string;
  title: string;
  description: string;
  variants: {
    id: string;
    sku: string;
    title: string;
    options: Record<string, string>;
    price: number | null;
  }[];
}

/** Active products with their active variants and prices in `currency`. */
export async function listActiveProducts(db: Db, currency: string): Promise<ProductListing[]> {
  const rows = await db
    .select({
      product: products,
      variant: variants,
      price: prices.amount,
    })
    .from(products)
    .innerJoin(variants, eq(variants.productId, products.id))
    .leftJoin(prices, and(eq(prices.variantId, variants.id), eq(prices.currency, currency)))
    .where(and(eq(products.status, "active"), eq(variants.status, "active")))
    .orderBy(asc(products.title), asc(variants.sku));
  const byId = new Map<string, ProductListing>();
  for (const { product, variant, price } of rows) {
    let listing = byId.get(product.id);
    if (!listing) {
      listing = {
        id: product.id,
        handle: product.handle,
        title: product.title,
        description: product.description,
        variants: [],
      };
      byId.set(product.id, listing);
    }
    listing.variants.push({
      id: variant.id,
      sku: variant.sku,
      title: variant.title,
      options: variant.options,
      price,
    });
  }
  return [...byId.values()];
}
