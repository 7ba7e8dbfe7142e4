import { asc, eq, inArray } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { changesCatalog } from "./catalog-cache.ts";
import { categories, productCategories } from "./schema.ts";
import { findCategoryParents, withAncestors } from "./variant-facts.ts";

export type Category = typeof categories.$inferSelect;

/** Creates a category (optionally under a parent); `category_handle_taken` or `category_not_found`. */
export const createCategory = changesCatalog(async function createCategory(
  ctx: Context,
  input: { handle: string; name: string; parentId?: string | null | undefined },
): Promise<Result<Category>> {
  return ctx.db.transaction(async (tx) => {
    if (input.parentId) {
      const [parent] = await tx
        .select({ id: categories.id })
        .from(categories)
        .where(eq(categories.id, input.parentId));
      if (!parent) return fail<Category>("category_not_found", `No category ${input.parentId}.`);
    }
    const [row] = await tx
      .insert(categories)
      .values({
        id: newId("cat"),
        handle: input.handle,
        name: input.name,
        parentId: input.parentId ?? null,
        createdAt: ctx.clock.now(),
      })
      .onConflictDoNothing({ target: categories.handle })
      .returning();
    return row
      ? ok(row)
      : fail<Category>("category_handle_taken", `Another category has the handle ${input.handle}.`);
  });
});

export async function listCategories(db: Db): Promise<Category[]> {
  return db.select().from(categories).orderBy(asc(categories.name));
}

/**
 * The categories each product is filed in, with every ancestor: a promotion on "Apparel" also
 * covers a product filed only under "Apparel › T-shirts". Products in no category are absent.
 */
export async function findProductCategoryIds(
  db: Db,
  productIds: readonly string[],
): Promise<Map<string, string[]>> {
  if (productIds.length === 0) return new Map();
  const [filed, parentOf] = await Promise.all([
    db
      .select()
      .from(productCategories)
      .where(inArray(productCategories.productId, [...productIds])),
    findCategoryParents(db),
  ]);
  const result = new Map<string, string[]>();
  for (const { productId, categoryId } of filed)
    result.set(productId, withAncestors([...(result.get(productId) ?? []), categoryId], parentOf));
  return result;
}

/**
 * A category (by handle or id) and every category below it, for "shop this category" listings;
 * undefined when there is no such category. One query: the tree is small and read whole.
 */
export async function findCategoryTree(db: Db, handleOrId: string): Promise<string[] | undefined> {
  const tree = await db
    .select({ id: categories.id, handle: categories.handle, parentId: categories.parentId })
    .from(categories);
  const root = tree.find((c) => c.handle === handleOrId || c.id === handleOrId);
  if (!root) return undefined;
  const ids = new Set([root.id]);
  // Grows until no category joins, so a parent cycle written by hand cannot loop forever.
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of tree)
      if (c.parentId && ids.has(c.parentId) && !ids.has(c.id)) {
        ids.add(c.id);
        grew = true;
      }
  }
  return [...ids];
}
