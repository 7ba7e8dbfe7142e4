import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProduct, findVariantFacts } from "../../src/modules/catalog/index.ts";
import { categories } from "../../src/modules/catalog/schema.ts";
import type { Database } from "../../src/shared/db/database.ts";
import { forgetCachedReads } from "../../src/shared/db/read-cache.ts";
import { databaseKinds, openTestDatabase } from "../support/database.ts";

// A promotion on "Apparel" also covers a product filed only under "Apparel › Shirts › Tees": the
// variant facts carry every ancestor of the product's categories, walked up by the database in
// the facts statement (the saga reads them inside its transaction, where nothing is cached).
const at = new Date("2026-06-01T12:00:00Z");

describe.each(databaseKinds())("a variant's categories with their ancestors on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const category = (id: string, parentId: string | null) => ({
      id,
      handle: id,
      name: id,
      parentId,
      createdAt: at,
    });
    await database.db
      .insert(categories)
      .values([
        category("cat_apparel", null),
        category("cat_shirts", "cat_apparel"),
        category("cat_tees", "cat_shirts"),
        category("cat_sale", null),
        category("cat_loop_a", null),
        category("cat_loop_b", "cat_loop_a"),
      ]);
    // A cycle written by hand (the Admin API cannot make one): the walk must still end.
    await database.db
      .update(categories)
      .set({ parentId: "cat_loop_b" })
      .where(eq(categories.id, "cat_loop_a"));
  });
  afterAll(async () => database?.close());

  async function variantIn(handle: string, categoryIds: string[]) {
    const product = await createProduct(
      database.db,
      {
        handle,
        title: handle,
        categoryIds,
        variants: [{ sku: handle.toUpperCase(), title: "One", prices: { EUR: 1000 } }],
      },
      at,
    );
    return product.variants[0]!.id;
  }

  it("lists the filed categories and every ancestor, outside a transaction and inside one", async () => {
    const tee = await variantIn("tee", ["cat_tees", "cat_sale"]);
    const plain = await variantIn("plain", []);
    forgetCachedReads();
    const outside = await findVariantFacts(database.db, [tee, plain]);
    const inside = await database.db.transaction((tx) => findVariantFacts(tx, [tee, plain]));
    for (const facts of [outside, inside]) {
      expect([...facts.get(tee)!.categoryIds].sort()).toEqual([
        "cat_apparel",
        "cat_sale",
        "cat_shirts",
        "cat_tees",
      ]);
      expect(facts.get(plain)!.categoryIds).toEqual([]);
    }
  });

  it("ends the walk on a cycle of parents", async () => {
    const looped = await variantIn("looped", ["cat_loop_b"]);
    const facts = await database.db.transaction((tx) => findVariantFacts(tx, [looped]));
    expect([...facts.get(looped)!.categoryIds].sort()).toEqual(["cat_loop_a", "cat_loop_b"]);
  });
});
