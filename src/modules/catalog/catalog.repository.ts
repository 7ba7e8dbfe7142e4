import { and, asc, eq, exists, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { containsPattern } from "../../shared/db/like.ts";
import { catalogReads } from "./catalog-cache.ts";
import { productCategories, products, variants } from "./schema.ts";
import { findVariantFacts, type VariantFacts } from "./variant-facts.ts";

/** A variant as a cart re-validates it: its facts with the base price in one currency. */
export type SellableVariant = Omit<VariantFacts, "prices" | "rules"> & {
  /** Unit price in the requested currency, minor units; null when not sold in it. */
  unitPrice: number | null;
};

/** Current price and status of variants in one currency: what a cart re-validates against. */
export async function findSellableVariants(
  db: Db,
  variantIds: readonly string[],
  currency: string,
): Promise<Map<string, SellableVariant>> {
  const facts = await findVariantFacts(db, variantIds);
  return new Map(
    [...facts].map(([id, { prices: base, rules: _rules, ...v }]) => [
      id,
      { ...v, unitPrice: base.find((p) => p.currency === currency)?.amount ?? null },
    ]),
  );
}

/** The variant sold under a SKU (from the catalog cache outside a transaction). */
export function findVariantIdBySku(db: Db, sku: string): Promise<string | undefined> {
  return catalogReads.read(db, `sku:${sku}`, async () => {
    const [row] = await db.select({ id: variants.id }).from(variants).where(eq(variants.sku, sku));
    return row?.id;
  });
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
  }[];
}

/** Which active products to list: a search, a category, and a page (keyset on title, then id). */
export interface ProductFilter {
  /** Part of the title, the description or an active variant's SKU, case-insensitive, literal. */
  search?: string | undefined;
  /** Only products filed in one of these categories (the caller expands subcategories). */
  categoryIds?: readonly string[] | undefined;
  /** The id of the last product of the previous page. */
  after?: string | undefined;
  limit?: number | undefined;
}

/**
 * Active products that have an active variant, ordered by title then id, with their active
 * variants, unpriced: `findPublicPrices` prices them with the resolver carts use, so a list never
 * shows a price the cart would not charge. Two queries: the page of products, then their variants.
 */
export async function listActiveProducts(db: Db, filter: ProductFilter = {}): Promise<ProductListing[]> {
  const hasVariant = (extra?: SQL) =>
    exists(
      db
        .select({ one: sql`1` })
        .from(variants)
        .where(and(eq(variants.productId, products.id), eq(variants.status, "active"), extra)),
    );
  const where: (SQL | undefined)[] = [eq(products.status, "active"), hasVariant()];
  if (filter.search) {
    const pattern = containsPattern(filter.search);
    where.push(
      or(
        ilike(products.title, pattern),
        ilike(products.description, pattern),
        hasVariant(ilike(variants.sku, pattern)),
      ),
    );
  }
  if (filter.categoryIds) {
    where.push(
      filter.categoryIds.length === 0
        ? sql`false`
        : exists(
            db
              .select({ one: sql`1` })
              .from(productCategories)
              .where(
                and(
                  eq(productCategories.productId, products.id),
                  inArray(productCategories.categoryId, [...filter.categoryIds]),
                ),
              ),
          ),
    );
  }
  if (filter.after) {
    // A row comparison keeps pages stable under the same order as the listing.
    where.push(
      sql`(${products.title}, ${products.id}) > (select p.title, p.id from ${products} p where p.id = ${filter.after})`,
    );
  }
  const query = db
    .select({ id: products.id })
    .from(products)
    .where(and(...where))
    .orderBy(asc(products.title), asc(products.id));
  const page = await (filter.limit === undefined ? query : query.limit(filter.limit));
  if (page.length === 0) return [];
  const rows = await db
    .select({ product: products, variant: variants })
    .from(products)
    .innerJoin(variants, eq(variants.productId, products.id))
    .where(
      and(
        inArray(
          products.id,
          page.map((p) => p.id),
        ),
        eq(variants.status, "active"),
      ),
    )
    .orderBy(asc(variants.sku));
  const byId = new Map<string, ProductListing>();
  for (const { product, variant } of rows) {
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
    });
  }
  return page.flatMap((p) => byId.get(p.id) ?? []);
}
