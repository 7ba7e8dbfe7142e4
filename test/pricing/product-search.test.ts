import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { adminHeaders, unique } from "./pricing-kit.ts";

describe.each(databaseKinds())("Store API product search on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => app?.close());

  /** An active product with one variant priced in USD; returns its id. */
  const product = async (fields: {
    title: string;
    description?: string;
    sku?: string;
    categoryIds?: string[];
    status?: "active" | "draft";
  }) => {
    const handle = unique("s");
    const { sku = handle.toUpperCase(), ...rest } = fields;
    const res = await app.call("POST", "/admin/products", {
      headers: adminHeaders(app),
      body: { handle, ...rest, variants: [{ sku, title: "", prices: [{ amount: 1000, currency: "USD" }] }] },
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  const category = async (handle: string, parentId?: string) => {
    const res = await app.call("POST", "/admin/categories", {
      headers: adminHeaders(app),
      body: { handle, name: handle, parentId },
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  const search = (query: Record<string, string | number>) =>
    app.call(
      "GET",
      `/store/products?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`,
    );
  const ids = (res: { body: { products: { id: string }[] } }) => res.body.products.map((p) => p.id);
  /** A word no demo product and no other test contains. */
  const word = () => unique("zq").replace(/-/g, "");

  it("matches the title, the description and a SKU, whatever the case", async () => {
    const w = word();
    const byTitle = await product({ title: `Mug ${w.toUpperCase()}` });
    const byDescription = await product({ title: "Plain", description: `Made for ${w} fans.` });
    const bySku = await product({ title: "Other", sku: `${w.toUpperCase()}-SKU` });
    await product({ title: "Unrelated", description: "Nothing to see." });
    const res = await search({ q: w.slice(0, 1).toUpperCase() + w.slice(1) });
    expect(res.status).toBe(200);
    expect(ids(res).sort()).toEqual([byTitle, byDescription, bySku].sort());
    expect(res.body.next).toBeNull();
  });

  it("matches %, _ and ' literally, never as wildcards or SQL", async () => {
    const w = word();
    const percent = await product({ title: `${w} 100% cotton` });
    await product({ title: `${w} 1000 cotton` });
    const underscore = await product({ title: `${w} other`, sku: `${w.toUpperCase()}_A` });
    await product({ title: `${w} another`, sku: `${w.toUpperCase()}XA` });
    const quote = await product({ title: `${w} O'Brien's mug` });
    expect(ids(await search({ q: `${w} 100%` }))).toEqual([percent]);
    expect(ids(await search({ q: `${w}_a` }))).toEqual([underscore]);
    expect(ids(await search({ q: `${w} O'Brien` }))).toEqual([quote]);
    expect(ids(await search({ q: `${w}%' or '1'='1` }))).toEqual([]);
  });

  it("answers an empty list, not an error, when nothing matches", async () => {
    const res = await search({ q: word() });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ currency: "USD", products: [], next: null });
  });

  it("leaves out products that are not active", async () => {
    const w = word();
    const active = await product({ title: `${w} live` });
    await product({ title: `${w} draft`, status: "draft" });
    expect(ids(await search({ q: w }))).toEqual([active]);
  });

  it("combines a search with a category, including the categories below it", async () => {
    const w = word();
    const kitchen = await category(`kitchen-${w}`);
    const cups = await category(`cups-${w}`, kitchen);
    const garden = await category(`garden-${w}`);
    const inKitchen = await product({ title: `${w} bowl`, categoryIds: [kitchen] });
    const inCups = await product({ title: `${w} cup`, categoryIds: [cups] });
    await product({ title: `${w} hose`, categoryIds: [garden] });
    await product({ title: `${w} loose` });
    expect(ids(await search({ q: w, category: `kitchen-${w}` })).sort()).toEqual([inKitchen, inCups].sort());
    expect(ids(await search({ q: `${w} cup`, category: kitchen }))).toEqual([inCups]);
    expect(ids(await search({ category: `cups-${w}` }))).toEqual([inCups]);
  });

  it("refuses an unknown category with 422 category_not_found", async () => {
    const res = await search({ category: "no-such-category" });
    expect(res.status).toBe(422);
    expect(res.headers["content-type"]).toMatch(/problem\+json/);
    expect(res.body.code).toBe("category_not_found");
  });

  it("pages through results by title with `next`, each product once", async () => {
    const w = word();
    const made = [];
    for (const title of ["E", "B", "D", "A", "C"]) made.push(await product({ title: `${w} ${title}` }));
    const seen: string[] = [];
    const titles: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const res = await search({ q: w, limit: 2, ...(after ? { after } : {}) });
      expect(res.body.products.length).toBeLessThanOrEqual(2);
      seen.push(...ids(res));
      titles.push(...res.body.products.map((p: { title: string }) => p.title.slice(-1)));
      after = res.body.next;
      if (!after) break;
    }
    expect(after).toBeNull();
    expect(titles).toEqual(["A", "B", "C", "D", "E"]);
    expect(seen.sort()).toEqual([...made].sort());
  });

  it("refuses a bad limit or an empty search with 400", async () => {
    const bad: Record<string, string | number>[] = [
      { limit: 0 },
      { limit: 101 },
      { limit: "x" },
      { q: "  " },
    ];
    for (const query of bad) {
      const res = await search(query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.body.code).toBe("validation_failed");
    }
  });
});
