import { eq, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { preparedQuery } from "../../shared/db/prepared-query.ts";
import { catalogReads } from "./catalog-cache.ts";
import type { PriceRuleRow } from "./price-rules.ts";
import { categories, priceRules, prices, productCategories, products, variants } from "./schema.ts";

/** What pricing, shipping and promotions need to know about a variant, in every currency. */
export interface VariantFacts {
  variantId: string;
  productId: string;
  sku: string;
  productTitle: string;
  variantTitle: string;
  options: Record<string, string>;
  weightGrams: number;
  /** Tax category as stored; the tax module decides what rate it means where. */
  taxCategory: string;
  /** Both the variant and its product are active. */
  active: boolean;
  /** Base prices per currency. */
  prices: { currency: string; amount: number }[];
  rules: PriceRuleRow[];
  /** The product's categories with every ancestor (see findProductCategoryIds). */
  categoryIds: string[];
}

/**
 * Facts about variants, from the catalog cache outside a transaction and from the database
 * inside one. Unknown ids are absent. One query for those not cached, whatever their number.
 */
export async function findVariantFacts(
  db: Db,
  variantIds: readonly string[],
): Promise<Map<string, VariantFacts>> {
  if (variantIds.length === 0) return new Map();
  const cached = await catalogReads.readMany(db, variantIds.map(factsKey), async (keys) => {
    const loaded = await loadVariantFacts(db, keys.map(idOfKey));
    return new Map([...loaded].map(([id, facts]) => [factsKey(id), facts]));
  });
  return new Map([...cached].map(([key, facts]) => [idOfKey(key), facts]));
}

const factsKey = (variantId: string) => `variant:${variantId}`;
const idOfKey = (key: string) => key.slice("variant:".length);

/** A price rule as the facts query returns it: JSON, so its times are strings. */
type RuleJson = Omit<PriceRuleRow, "startsAt" | "endsAt" | "createdAt"> & {
  startsAt: string | null;
  endsAt: string | null;
  createdAt: string;
};

/** One query for the variants with their prices, rules and categories (as JSON). */
async function loadVariantFacts(db: Db, ids: string[]): Promise<Map<string, VariantFacts>> {
  const rows = await variantFactsOf(db).execute({ ids: JSON.stringify(ids) });
  const at = (time: string | null) => (time === null ? null : new Date(time));
  const out = new Map<string, VariantFacts>();
  for (const { variantStatus, productStatus, rules, categoryIds, ...row } of rows) {
    out.set(row.variantId, {
      ...row,
      active: variantStatus === "active" && productStatus === "active",
      rules: rules.map((r) => ({
        ...r,
        startsAt: at(r.startsAt),
        endsAt: at(r.endsAt),
        createdAt: new Date(r.createdAt),
      })),
      categoryIds,
    });
  }
  return out;
}

/** The statement of `loadVariantFacts`, built once: ids as one JSON array, any number of them. */
const variantFactsOf = preparedQuery((db) =>
  db
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
      prices: sql<{ currency: string; amount: number }[]>`coalesce((
        select json_agg(json_build_object('currency', ${prices.currency}, 'amount', ${prices.amount}))
        from ${prices} where ${prices.variantId} = ${variants.id}), '[]')`,
      rules: sql<RuleJson[]>`coalesce((
        select json_agg(json_build_object(
          'id', ${priceRules.id}, 'variantId', ${priceRules.variantId}, 'currency', ${priceRules.currency},
          'kind', ${priceRules.kind}, 'amount', ${priceRules.amount}, 'minQuantity', ${priceRules.minQuantity},
          'customerGroup', ${priceRules.customerGroup}, 'customerId', ${priceRules.customerId},
          'startsAt', ${priceRules.startsAt}, 'endsAt', ${priceRules.endsAt}, 'label', ${priceRules.label},
          'createdAt', ${priceRules.createdAt}))
        from ${priceRules} where ${priceRules.variantId} = ${variants.id}), '[]')`,
      // Filed categories and every ancestor, walked up in the statement: the tree is not read
      // whole (inside the saga's transaction nothing is cached). `union` stops a hand-made cycle.
      categoryIds: sql<string[]>`coalesce((
        with recursive up(id) as (
          select pc.category_id from ${productCategories} pc where pc.product_id = ${variants.productId}
          union
          select c.parent_id from ${categories} c join up on c.id = up.id where c.parent_id is not null
        )
        select json_agg(id) from up), '[]')`,
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(sql`${variants.id} in (select jsonb_array_elements_text(${sql.placeholder("ids")}::jsonb))`)
    .prepare("variant_facts_of"),
);

/** The category tree as child → parent; small, read whole, cached like the rest of the catalog. */
export function findCategoryParents(db: Db): Promise<Map<string, string | null>> {
  return catalogReads.read(db, "category-parents", async () => {
    const tree = await db.select({ id: categories.id, parentId: categories.parentId }).from(categories);
    return new Map(tree.map((c) => [c.id, c.parentId]));
  });
}

/** The categories and every ancestor of each; a parent cycle written by hand cannot loop forever. */
export function withAncestors(
  categoryIds: readonly string[],
  parentOf: Map<string, string | null>,
): string[] {
  const ids = new Set<string>();
  for (const start of categoryIds) {
    for (
      let id: string | null | undefined = start, n = 0;
      id && n <= parentOf.size;
      id = parentOf.get(id), n++
    )
      ids.add(id);
  }
  return [...ids];
}
