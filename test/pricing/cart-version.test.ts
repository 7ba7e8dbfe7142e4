import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { address, readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { addLine, createProduct, newCart, readCart } from "./pricing-kit.ts";

describe.each(databaseKinds())("cart version and If-Match on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => app?.close());

  it("bumps the version on every change and sends it as the ETag", async () => {
    const cart = await newCart(app);
    expect(cart.cart.version).toBe(1);
    const added = await addLine(app, cart, { sku: "MUG-350", quantity: 1 });
    expect(added.body.version).toBe(2);
    expect(added.headers.etag).toBe('"2"');
    const read = await readCart(app, cart);
    expect(read.headers.etag).toBe('"2"');
    const changed = await app.call("PATCH", `/store/carts/${cart.cartId}/lines/${added.body.lines[0].id}`, {
      headers: cart.headers,
      body: { quantity: 3 },
    });
    expect(changed.body.version).toBe(3);
  });

  it("accepts a change sent with the current version and refuses a stale one with 412, changing nothing", async () => {
    const cart = await newCart(app);
    const first = await addLine(app, cart, { sku: "MUG-350", quantity: 1 }, { "if-match": '"1"' });
    expect(first.status).toBe(200);
    const stale = await addLine(app, cart, { sku: "STICKERS-5", quantity: 1 }, { "if-match": '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.headers["content-type"]).toMatch(/problem\+json/);
    expect(stale.body).toMatchObject({ code: "cart_version_conflict", version: 2 });
    const after = await readCart(app, cart);
    expect(after.body.version).toBe(2);
    expect(after.body.lines.map((l: { sku: string }) => l.sku)).toEqual(["MUG-350"]);
    const weak = await app.call("PUT", `/store/carts/${cart.cartId}/contact`, {
      headers: { ...cart.headers, "if-match": 'W/"2"' },
      body: { email: "ada@example.com" },
    });
    expect(weak.status).toBe(200);
  });

  it("refuses an If-Match that is not a version with 400", async () => {
    const cart = await newCart(app);
    const res = await addLine(app, cart, { sku: "MUG-350", quantity: 1 }, { "if-match": "abc" });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_failed");
  });

  it("of two clients editing from the same version, exactly one wins", async () => {
    const cart = await newCart(app);
    const results = await Promise.all(
      ["MUG-350", "STICKERS-5"].map((sku) => addLine(app, cart, { sku, quantity: 1 }, { "if-match": '"1"' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    expect((await readCart(app, cart)).body.lines).toHaveLength(1);
  });

  it("loses no update when 20 clients add lines at once without If-Match", async () => {
    const product = await createProduct(
      app,
      Array.from({ length: 20 }, () => ({ prices: { USD: 500 } })),
    );
    const cart = await newCart(app);
    const results = await Promise.all(
      product.variants.map((v) => addLine(app, cart, { variantId: v.id, quantity: 2 })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    const read = await readCart(app, cart);
    expect(read.body.lines).toHaveLength(20);
    expect(read.body.lines.every((l: { quantity: number }) => l.quantity === 2)).toBe(true);
    expect(read.body.version).toBe(21);
  });

  it("adds up 20 parallel additions of the same variant into one line", async () => {
    const cart = await newCart(app);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => addLine(app, cart, { sku: "STICKERS-5", quantity: 3 })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const read = await readCart(app, cart);
    expect(read.body.lines).toHaveLength(1);
    expect(read.body.lines[0].quantity).toBe(60);
    expect(read.body.version).toBe(21);
  });

  it("chooses a shipping method raced by line changes without losing either (checked, then written at that version)", async () => {
    const product = await createProduct(
      app,
      Array.from({ length: 5 }, () => ({ prices: { USD: 700 } })),
    );
    // Delivery methods offered both before and after the raced lines (rates depend on weight).
    const offered = async (lines: object[]) => {
      const twin = await newCart(app);
      for (const line of lines) await addLine(app, twin, line);
      await app.call("PUT", `/store/carts/${twin.cartId}/shipping-address`, {
        headers: twin.headers,
        body: address,
      });
      const res = await app.call("GET", `/store/carts/${twin.cartId}/shipping-options`, {
        headers: twin.headers,
      });
      return (res.body as { id: string; kind: string }[])
        .filter((o) => o.kind === "delivery")
        .map((o) => o.id);
    };
    const first = { sku: "MUG-350", quantity: 1 };
    const raced = product.variants.map((v) => ({ variantId: v.id, quantity: 1 }));
    const after = await offered([first, ...raced]);
    const methodIds = (await offered([first])).filter((id) => after.includes(id));
    expect(methodIds.length).toBeGreaterThan(1);
    const cart = await newCart(app);
    await addLine(app, cart, first);
    await app.call("PUT", `/store/carts/${cart.cartId}/shipping-address`, {
      headers: cart.headers,
      body: address,
    });
    const choose = (methodId: string) =>
      app.call("PUT", `/store/carts/${cart.cartId}/shipping-method`, {
        headers: cart.headers,
        body: { methodId },
      });
    const results = await Promise.all([
      ...raced.map((line) => addLine(app, cart, line)),
      ...methodIds.flatMap((id) => [choose(id), choose(id)]),
    ]);
    expect(results.map((r) => [r.status, r.body.code])).toEqual(Array(results.length).fill([200, undefined]));
    const read = await readCart(app, cart);
    expect(read.body.lines).toHaveLength(6);
    expect(methodIds).toContain(read.body.shippingMethod.id);
    expect(read.body.issues).toEqual([]);
    // Created (1), first line, address, then every raced change once.
    expect(read.body.version).toBe(3 + results.length);
  });

  it("refuses a one-statement step change like any other: wrong token 404, stale If-Match 412, completed 409", async () => {
    const cart = await newCart(app);
    const contact = (headers: Record<string, string>, email = "ada@example.com") =>
      app.call("PUT", `/store/carts/${cart.cartId}/contact`, { headers, body: { email } });
    expect((await contact({ "x-cart-token": "not-the-token" })).status).toBe(404);
    const stale = await contact({ ...cart.headers, "if-match": '"7"' });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: "cart_version_conflict", version: 1 });
    expect((await readCart(app, cart)).body).toMatchObject({ version: 1, email: null });
    const done = await readyCart(app);
    const completed = await app.call("POST", `/store/carts/${done.cartId}/complete`, {
      headers: { ...done.headers, "idempotency-key": `cv-${done.cartId}` },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });
    expect(completed.status).toBe(200);
    const late = await app.call("PUT", `/store/carts/${done.cartId}/contact`, {
      headers: done.headers,
      body: { email: "late@example.com" },
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe("cart_not_open");
  });
});
