import { and, asc, eq, inArray, notInArray } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { catalogReads, changesCatalog } from "./catalog-cache.ts";
import { productRelations, products, type RelationKind, variants } from "./schema.ts";

/**
 * Replaces a product's related products of each kind given (in the order listed). A product
 * cannot relate to itself; unknown ids are refused with `product_not_found`. One transaction.
 */
export const setProductRelations = changesCatalog(async function setProductRelations(
  ctx: Context,
  productId: string,
  relations: Partial<Record<RelationKind, string[]>>,
): Promise<Result<void>> {
  return ctx.db.transaction(async (tx) => {
    const [own] = await tx.select({ id: products.id }).from(products).where(eq(products.id, productId));
    if (!own) return fail<void>("not_found", `No product ${productId}.`);
    const ids = [...new Set(Object.values(relations).flat())];
    if (ids.includes(productId))
      return fail<void>("validation_failed", "A product cannot be related to itself.");
    const known = ids.length
      ? await tx.select({ id: products.id }).from(products).where(inArray(products.id, ids))
      : [];
    const missing = ids.filter((id) => !known.some((k) => k.id === id));
    if (missing.length > 0) return fail<void>("product_not_found", `No product ${missing.join(", ")}.`);
    for (const [kind, related] of Object.entries(relations) as [RelationKind, string[]][]) {
      await tx
        .delete(productRelations)
        .where(and(eq(productRelations.productId, productId), eq(productRelations.kind, kind)));
      const unique = [...new Set(related)];
      if (unique.length > 0)
        await tx
          .insert(productRelations)
          .values(
            unique.map((relatedProductId, position) => ({ productId, relatedProductId, kind, position })),
          );
    }
    return ok(undefined);
  });
});

export interface SuggestionCandidate {
  productId: string;
  kind: RelationKind;
  title: string;
  image: string | null;
  /** Active variants, in SKU order. */
  variants: { variantId: string; sku: string; title: string }[];
}

/**
 * What a cart could suggest: active products related to those in it (accessories first, then
 * frequently bought together, each in the merchant's order), not already in it. Two queries,
 * or none from the catalog cache (outside a transaction).
 */
export function findSuggestionCandidates(
  db: Db,
  productIds: string[],
  limit: number,
): Promise<SuggestionCandidate[]> {
  if (productIds.length === 0) return Promise.resolve([]);
  const key = `suggestions:${limit}:${[...productIds].sort().join(",")}`;
  return catalogReads.read(db, key, () => loadSuggestionCandidates(db, productIds, limit));
}

async function loadSuggestionCandidates(
  db: Db,
  productIds: string[],
  limit: number,
): Promise<SuggestionCandidate[]> {
  const rows = await db
    .select({
      productId: productRelations.relatedProductId,
      kind: productRelations.kind,
      position: productRelations.position,
      title: products.title,
      images: products.images,
    })
    .from(productRelations)
    .innerJoin(products, eq(products.id, productRelations.relatedProductId))
    .where(
      and(
        inArray(productRelations.productId, productIds),
        notInArray(productRelations.relatedProductId, productIds),
        eq(products.status, "active"),
      ),
    );
  const order = (k: RelationKind) => (k === "accessory" ? 0 : 1);
  rows.sort((a, b) => order(a.kind) - order(b.kind) || a.position - b.position);
  const seen = new Set<string>();
  const picked = rows.filter((r) => !seen.has(r.productId) && seen.add(r.productId)).slice(0, limit * 3);
  if (picked.length === 0) return [];
  const variantRows = await db
    .select({
      productId: variants.productId,
      variantId: variants.id,
      sku: variants.sku,
      title: variants.title,
    })
    .from(variants)
    .where(
      and(
        inArray(
          variants.productId,
          picked.map((p) => p.productId),
        ),
        eq(variants.status, "active"),
      ),
    )
    .orderBy(asc(variants.sku));
  return picked.map((p) => ({
    productId: p.productId,
    kind: p.kind,
    title: p.title,
    image: p.images[0] ?? null,
    variants: variantRows.filter((v) => v.productId === p.productId).map(({ productId: _p, ...v }) => v),
  }));
}
