import { and, asc, eq, inArray } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { type Failure, fail, ok, type Result } from "../../shared/failure.ts";
import { changesCatalog } from "./catalog-cache.ts";
import { createProduct, insertVariant, type NewProduct, type NewVariant } from "./create-product.ts";
import {
  prices,
  productCategories,
  productRelations,
  products,
  type RelationKind,
  type VariantDimensions,
  variants,
} from "./schema.ts";

export interface ProductDetail {
  id: string;
  handle: string;
  title: string;
  description: string;
  status: "active" | "draft" | "archived";
  images: string[];
  categoryIds: string[];
  relations: { productId: string; kind: RelationKind }[];
  variants: {
    id: string;
    sku: string;
    title: string;
    options: Record<string, string>;
    weightGrams: number;
    dimensions: VariantDimensions | null;
    taxCategory: string;
    status: "active" | "archived";
    prices: { amount: number; currency: string }[];
  }[];
  createdAt: Date;
}

/** A constraint the database refused, as the failure the merchant should see; undefined: a bug. */
function constraintFailure(error: unknown): Failure | undefined {
  const e = (error as { cause?: unknown }).cause ?? error;
  const { code, constraint, detail } = e as { code?: string; constraint?: string; detail?: string };
  const name = `${constraint ?? ""} ${detail ?? ""}`;
  if (code === "23505" && /handle/.test(name))
    return { code: "product_handle_taken", detail: "Another product has this handle." };
  if (code === "23505" && /sku/.test(name))
    return { code: "sku_taken", detail: "Another variant has this SKU." };
  if (code === "23505") return { code: "sku_taken", detail: "A SKU is used twice." };
  if (code === "23503" && /categor/.test(name))
    return { code: "category_not_found", detail: "A category id does not exist." };
  return undefined;
}

async function guarded<T>(run: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await run();
  } catch (error) {
    const failure = constraintFailure(error);
    if (failure) return { ok: false, failure };
    throw error;
  }
}

/** Creates a product (Admin API); `product_handle_taken`, `sku_taken` or `category_not_found`. */
export const createCatalogProduct = changesCatalog(async function createCatalogProduct(
  ctx: Context,
  input: NewProduct,
): Promise<Result<ProductDetail>> {
  return guarded(async () => {
    const created = await createProduct(ctx.db, input, ctx.clock.now());
    return ok((await getProductDetail(ctx.db, created.id))!);
  });
});

export interface ProductChanges {
  title?: string | undefined;
  description?: string | undefined;
  status?: ProductDetail["status"] | undefined;
  images?: string[] | undefined;
  /** Replaces the product's categories. */
  categoryIds?: string[] | undefined;
}

/** Changes a product's own fields and categories; variants have their own calls. */
export const updateProduct = changesCatalog(async function updateProduct(
  ctx: Context,
  productId: string,
  changes: ProductChanges,
): Promise<Result<ProductDetail>> {
  return guarded(() =>
    ctx.db.transaction(async (tx) => {
      const { categoryIds, ...own } = changes;
      const fields = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined));
      const [row] = await tx
        .select({ id: products.id })
        .from(products)
        .where(eq(products.id, productId))
        .for("update");
      if (!row) return fail<ProductDetail>("not_found", `No product ${productId}.`);
      if (Object.keys(fields).length > 0)
        await tx.update(products).set(fields).where(eq(products.id, productId));
      if (categoryIds) {
        await tx.delete(productCategories).where(eq(productCategories.productId, productId));
        if (categoryIds.length > 0)
          await tx
            .insert(productCategories)
            .values(categoryIds.map((categoryId) => ({ productId, categoryId })));
      }
      return ok((await getProductDetail(tx, productId))!);
    }),
  );
});

/** Adds a variant to a product. */
export const addVariant = changesCatalog(async function addVariant(
  ctx: Context,
  productId: string,
  input: NewVariant,
): Promise<Result<ProductDetail>> {
  return guarded(() =>
    ctx.db.transaction(async (tx) => {
      const [row] = await tx.select({ id: products.id }).from(products).where(eq(products.id, productId));
      if (!row) return fail<ProductDetail>("not_found", `No product ${productId}.`);
      await insertVariant(tx, productId, input);
      return ok((await getProductDetail(tx, productId))!);
    }),
  );
});

export interface VariantChanges {
  sku?: string | undefined;
  title?: string | undefined;
  options?: Record<string, string> | undefined;
  weightGrams?: number | undefined;
  dimensions?: VariantDimensions | null | undefined;
  taxCategory?: string | undefined;
  status?: "active" | "archived" | undefined;
  /** Sets the price in each currency listed; `amount: null` stops selling in that currency. */
  prices?: { currency: string; amount: number | null }[] | undefined;
}

/** Changes a variant and its prices; carts see new prices on their next read. */
export const updateVariant = changesCatalog(async function updateVariant(
  ctx: Context,
  variantId: string,
  changes: VariantChanges,
): Promise<Result<ProductDetail>> {
  return guarded(() =>
    ctx.db.transaction(async (tx) => {
      const { prices: priceChanges, ...own } = changes;
      const [row] = await tx
        .select({ productId: variants.productId })
        .from(variants)
        .where(eq(variants.id, variantId))
        .for("update");
      if (!row) return fail<ProductDetail>("not_found", `No variant ${variantId}.`);
      const fields = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined));
      if (Object.keys(fields).length > 0)
        await tx.update(variants).set(fields).where(eq(variants.id, variantId));
      for (const p of priceChanges ?? []) {
        if (p.amount === null) {
          await tx
            .delete(prices)
            .where(and(eq(prices.variantId, variantId), eq(prices.currency, p.currency)));
        } else {
          await tx
            .insert(prices)
            .values({ variantId, currency: p.currency, amount: p.amount })
            .onConflictDoUpdate({ target: [prices.variantId, prices.currency], set: { amount: p.amount } });
        }
      }
      return ok((await getProductDetail(tx, row.productId))!);
    }),
  );
});

/** A product with everything the merchant manages on it; undefined when there is none. */
export async function getProductDetail(db: Db, productId: string): Promise<ProductDetail | undefined> {
  return (await listProductDetails(db, [productId]))[0];
}

/** Products (any status) with variants, prices, categories and relations, newest first. */
export async function listProductDetails(db: Db, ids?: string[]): Promise<ProductDetail[]> {
  const rows = await db
    .select()
    .from(products)
    .where(ids ? inArray(products.id, ids) : undefined)
    .orderBy(asc(products.title));
  if (rows.length === 0) return [];
  const productIds = rows.map((r) => r.id);
  const variantRows = await db
    .select()
    .from(variants)
    .where(inArray(variants.productId, productIds))
    .orderBy(asc(variants.sku));
  const priceRows = variantRows.length
    ? await db
        .select()
        .from(prices)
        .where(
          inArray(
            prices.variantId,
            variantRows.map((v) => v.id),
          ),
        )
        .orderBy(asc(prices.currency))
    : [];
  const categoryRows = await db
    .select()
    .from(productCategories)
    .where(inArray(productCategories.productId, productIds));
  const relationRows = await db
    .select()
    .from(productRelations)
    .where(inArray(productRelations.productId, productIds))
    .orderBy(asc(productRelations.position));
  return rows.map((p) => ({
    ...p,
    categoryIds: categoryRows.filter((c) => c.productId === p.id).map((c) => c.categoryId),
    relations: relationRows
      .filter((r) => r.productId === p.id)
      .map((r) => ({ productId: r.relatedProductId, kind: r.kind })),
    variants: variantRows
      .filter((v) => v.productId === p.id)
      .map(({ productId: _p, ...v }) => ({
        ...v,
        prices: priceRows
          .filter((x) => x.variantId === v.id)
          .map((x) => ({ amount: x.amount, currency: x.currency })),
      })),
  }));
}
