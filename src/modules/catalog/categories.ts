import { asc, eq } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { categories } from "./schema.ts";

export type Category = typeof categories.$inferSelect;

/** Creates a category (optionally under a parent); `category_handle_taken` or `category_not_found`. */
export async function createCategory(
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
}

export async function listCategories(db: Db): Promise<Category[]> {
  return db.select().from(categories).orderBy(asc(categories.name));
}
