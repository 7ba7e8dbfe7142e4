import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { addLine, newCart } from "./pricing-kit.ts";

describe.each(databaseKinds())("cart suggestions only where they are shown on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => app?.close());

  /** A cart holding the demo mug, which has the sticker pack as an accessory. */
  const mugCart = async () => {
    const cart = await newCart(app);
    const added = await addLine(app, cart, { sku: "MUG-350", quantity: 1 });
    return { ...cart, added };
  };
  const skus = (body: { suggestions: { sku: string }[] }) => body.suggestions.map((s) => s.sku);

  it("answers a line change with suggestions, for the cart drawer that shows them", async () => {
    const { added } = await mugCart();
    expect(added.status).toBe(200);
    expect(skus(added.body)).toContain("STICKERS-5");
  });

  it("includes them on a read unless the read says suggestions=false", async () => {
    const cart = await mugCart();
    const read = (query = "") =>
      app.call("GET", `/store/carts/${cart.cartId}${query}`, { headers: cart.headers });
    expect(skus((await read()).body)).toContain("STICKERS-5");
    expect((await read("?suggestions=false")).body.suggestions).toEqual([]);
  });

  it("leaves them out of checkout step answers unless asked with suggestions=true", async () => {
    const cart = await mugCart();
    const contact = (query = "") =>
      app.call("PUT", `/store/carts/${cart.cartId}/contact${query}`, {
        headers: cart.headers,
        body: { email: "ada@example.com" },
      });
    const plain = await contact();
    expect(plain.status).toBe(200);
    expect(plain.body.suggestions).toEqual([]);
    expect(skus((await contact("?suggestions=true")).body)).toContain("STICKERS-5");
  });

  it("refuses a suggestions value that is not true or false with 400", async () => {
    const cart = await mugCart();
    const res = await app.call("GET", `/store/carts/${cart.cartId}?suggestions=maybe`, {
      headers: cart.headers,
    });
    expect([res.status, res.body.code]).toEqual([400, "validation_failed"]);
  });
});
