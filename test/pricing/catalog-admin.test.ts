import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../src/modules/api-keys/index.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { addLine, adminHeaders, createProduct, newCart, readCart, unique } from "./pricing-kit.ts";

describe.each(databaseKinds())("catalog Admin API and cart suggestions on %s", (kind) => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp(kind);
    admin = adminHeaders(app);
  });
  afterAll(async () => app?.close());

  const post = (url: string, body: unknown) => app.call("POST", url, { headers: admin, body });
  const productBody = (handle = unique("shirt")) => ({
    handle,
    title: "Linen shirt",
    description: "Breathes.",
    images: ["https://cdn.example.com/shirt.jpg"],
    variants: [
      {
        sku: `${handle}-M`.toUpperCase(),
        title: "M",
        options: { size: "M" },
        weightGrams: 250,
        dimensions: { lengthMm: 300, widthMm: 200, heightMm: 30 },
        taxCategory: "standard",
        prices: [
          { amount: 4900, currency: "USD" },
          { amount: 4500, currency: "EUR" },
        ],
      },
    ],
  });

  it("needs credentials with the catalog scopes", async () => {
    expect((await app.call("GET", "/admin/products")).status).toBe(401);
    const { secret } = await createApiKey(
      app.ctx.db,
      { name: "reader", scopes: ["catalog:read"] },
      new Date(),
    );
    const reader = { authorization: `Bearer ${secret}` };
    expect((await app.call("GET", "/admin/products", { headers: reader })).status).toBe(200);
    const write = await app.call("POST", "/admin/products", { headers: reader, body: productBody() });
    expect(write.status).toBe(403);
  });

  it("creates a product with variants, dimensions, images and prices, and sells it at once", async () => {
    const created = await post("/admin/products", productBody());
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      title: "Linen shirt",
      status: "active",
      images: ["https://cdn.example.com/shirt.jpg"],
      variants: [
        {
          title: "M",
          options: { size: "M" },
          weightGrams: 250,
          dimensions: { lengthMm: 300, widthMm: 200, heightMm: 30 },
          prices: [
            { amount: 4500, currency: "EUR" },
            { amount: 4900, currency: "USD" },
          ],
        },
      ],
    });
    const listed = await app.call("GET", "/store/products?currency=USD");
    const shown = listed.body.products.find((p: { id: string }) => p.id === created.body.id);
    expect(shown.variants[0].price).toEqual({ amount: 4900, currency: "USD" });
  });

  it("refuses a taken handle or SKU with 409 and bad input with 400, keeping nothing", async () => {
    const body = productBody();
    expect((await post("/admin/products", body)).status).toBe(201);
    const sameHandle = await post("/admin/products", { ...body, variants: productBody().variants });
    expect(sameHandle.status).toBe(409);
    expect(sameHandle.body.code).toBe("product_handle_taken");
    const sameSku = await post("/admin/products", { ...productBody(), variants: body.variants });
    expect(sameSku.status).toBe(409);
    expect(sameSku.body.code).toBe("sku_taken");
    const before = (await app.call("GET", "/admin/products", { headers: admin })).body.products.length;
    const bad = [
      { ...productBody(), handle: "Not A Handle" },
      { ...productBody(), variants: [] },
      { ...productBody(), images: ["javascript:alert(1)"] },
      {
        ...productBody(),
        variants: [{ ...productBody().variants[0], prices: [{ amount: 1.5, currency: "USD" }] }],
      },
      {
        ...productBody(),
        variants: [{ ...productBody().variants[0], prices: [{ amount: 100, currency: "ZZZ" }] }],
      },
      {
        ...productBody(),
        variants: [{ ...productBody().variants[0], dimensions: { lengthMm: -1, widthMm: 1, heightMm: 1 } }],
      },
    ];
    for (const b of bad) {
      const res = await post("/admin/products", b);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.errors?.length).toBeGreaterThan(0);
    }
    const unknownCategory = await post("/admin/products", { ...productBody(), categoryIds: ["cat_nope"] });
    expect(unknownCategory.status).toBe(422);
    expect(unknownCategory.body.code).toBe("category_not_found");
    expect((await app.call("GET", "/admin/products", { headers: admin })).body.products.length).toBe(before);
  });

  it("updates a product and a variant's prices; carts re-price on their next read", async () => {
    const created = (await post("/admin/products", productBody())).body;
    const variant = created.variants[0];
    await createStock(variant.sku);
    const cart = await newCart(app);
    await addLine(app, cart, { variantId: variant.id, quantity: 1 });
    const patched = await app.call("PATCH", `/admin/variants/${variant.id}`, {
      headers: admin,
      body: {
        prices: [
          { currency: "USD", amount: 3900 },
          { currency: "EUR", amount: null },
        ],
        weightGrams: 300,
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.variants[0].prices).toEqual([{ amount: 3900, currency: "USD" }]);
    expect((await readCart(app, cart)).body.lines[0].unitPrice.amount).toBe(3900);
    const archived = await app.call("PATCH", `/admin/products/${created.id}`, {
      headers: admin,
      body: { status: "draft", title: "Linen shirt (old)" },
    });
    expect(archived.body).toMatchObject({ status: "draft", title: "Linen shirt (old)" });
    const read = await readCart(app, cart);
    expect(read.body.lines).toHaveLength(0);
    expect(read.body.issues).toEqual([expect.objectContaining({ code: "unavailable" })]);
    const missing = await app.call("PATCH", "/admin/variants/var_nope", {
      headers: admin,
      body: { title: "x" },
    });
    expect(missing.status).toBe(404);
  });

  it("adds variants and files products in categories", async () => {
    const parent = await post("/admin/categories", { handle: unique("apparel"), name: "Apparel" });
    expect(parent.status).toBe(201);
    const child = await post("/admin/categories", {
      handle: unique("shirts"),
      name: "Shirts",
      parentId: parent.body.id,
    });
    expect(child.body.parentId).toBe(parent.body.id);
    const taken = await post("/admin/categories", { handle: child.body.handle, name: "Again" });
    expect(taken.status).toBe(409);
    const created = (await post("/admin/products", { ...productBody(), categoryIds: [child.body.id] })).body;
    expect(created.categoryIds).toEqual([child.body.id]);
    const added = await post(`/admin/products/${created.id}/variants`, {
      sku: `${created.handle}-L`.toUpperCase(),
      title: "L",
      prices: [{ amount: 5200, currency: "USD" }],
    });
    expect(added.status).toBe(201);
    expect(added.body.variants.map((v: { title: string }) => v.title)).toEqual(["L", "M"]);
    const recategorized = await app.call("PATCH", `/admin/products/${created.id}`, {
      headers: admin,
      body: { categoryIds: [parent.body.id] },
    });
    expect(recategorized.body.categoryIds).toEqual([parent.body.id]);
    const categories = await app.call("GET", "/admin/categories", { headers: admin });
    expect(categories.body.categories.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining([parent.body.id, child.body.id]),
    );
  });

  it("suggests related products not in the cart, in stock and priced in its currency", async () => {
    const main = await createProduct(app, [{ prices: { USD: 3000, EUR: 2800 } }]);
    const case_ = await createProduct(app, [{ prices: { USD: 900, EUR: 800 } }]);
    const strap = await createProduct(app, [{ prices: { USD: 500, EUR: 450 } }]);
    const soldOut = await createProduct(app, [{ prices: { USD: 700, EUR: 650 }, stock: 0 }]);
    const usdOnly = await createProduct(app, [{ prices: { USD: 1200 } }]);
    const relations = await app.call("PUT", `/admin/products/${main.id}/relations`, {
      headers: admin,
      body: { accessory: [soldOut.id, case_.id, strap.id], frequently_bought_together: [usdOnly.id] },
    });
    expect(relations.status).toBe(200);
    expect(relations.body.relations).toHaveLength(4);

    const usd = await newCart(app);
    const res = await addLine(app, usd, { variantId: main.variants[0]!.id, quantity: 1 });
    expect(res.body.suggestions.map((s: { productId: string }) => s.productId)).toEqual([
      case_.id,
      strap.id,
      usdOnly.id,
    ]);
    expect(res.body.suggestions[0]).toMatchObject({
      kind: "accessory",
      unitPrice: { amount: 900, currency: "USD" },
    });

    const eur = await newCart(app, "EUR");
    const inEur = await addLine(app, eur, { variantId: main.variants[0]!.id, quantity: 1 });
    expect(inEur.body.suggestions.map((s: { productId: string }) => s.productId)).toEqual([
      case_.id,
      strap.id,
    ]);

    const withCase = await addLine(app, usd, { variantId: case_.variants[0]!.id, quantity: 1 });
    expect(withCase.body.suggestions.map((s: { productId: string }) => s.productId)).toEqual([
      strap.id,
      usdOnly.id,
    ]);

    const self = await app.call("PUT", `/admin/products/${main.id}/relations`, {
      headers: admin,
      body: { accessory: [main.id] },
    });
    expect(self.status).toBe(400);
    const unknown = await app.call("PUT", `/admin/products/${main.id}/relations`, {
      headers: admin,
      body: { accessory: ["prod_nope"] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe("product_not_found");
  });

  it("documents every catalog admin route in the OpenAPI document", async () => {
    const doc = (await app.call("GET", "/openapi.json")).body;
    for (const path of [
      "/admin/products",
      "/admin/products/{productId}",
      "/admin/products/{productId}/variants",
      "/admin/variants/{variantId}",
      "/admin/products/{productId}/relations",
      "/admin/categories",
      "/admin/price-rules",
      "/admin/fx-rates/{currency}",
      "/admin/currency-rounding/{currency}",
      "/admin/customers/{customerId}/group",
    ])
      expect(doc.paths[path], path).toBeDefined();
  });

  async function createStock(sku: string) {
    const { receiveStock } = await import("../../src/modules/inventory/index.ts");
    await receiveStock(app.ctx.db, sku, 10, app.ctx.clock.now());
  }
});
