import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { addLine, adminHeaders, createProduct, newCart, readCart } from "./pricing-kit.ts";

const usd = (amount: number) => ({ amount, currency: "USD" });

describe.each(databaseKinds())("price changes on cart reads on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => app?.close());

  const setPrice = async (variantId: string, amount: number) => {
    const res = await app.call("PATCH", `/admin/variants/${variantId}`, {
      headers: adminHeaders(app),
      body: { prices: [{ amount, currency: "USD" }] },
    });
    expect(res.status).toBe(200);
  };
  /** A cart with one line of a fresh 10.00 USD product. */
  const cartWithLine = async (quantity = 1) => {
    const product = await createProduct(app, [{ prices: { USD: 1000 } }]);
    const variant = product.variants[0]!;
    const cart = await newCart(app);
    const added = await addLine(app, cart, { variantId: variant.id, quantity });
    expect(added.status).toBe(200);
    return { ...cart, variant, lineId: added.body.lines[0].id as string };
  };
  const priceChanges = (body: { issues: { code: string }[] }) =>
    body.issues.filter((i) => i.code === "price_changed");
  const acknowledge = (
    cart: { cartId: string; headers: Record<string, string> },
    lines: { lineId: string; unitPrice: { amount: number; currency: string } }[],
  ) =>
    app.call("POST", `/store/carts/${cart.cartId}/price-changes/acknowledge`, {
      headers: cart.headers,
      body: { lines },
    });

  it("reports no price change for a line whose price did not move", async () => {
    const cart = await cartWithLine();
    expect(priceChanges((await readCart(app, cart)).body)).toEqual([]);
  });

  it("reports the price the shopper saw and the new one, and totals at the new price, on every read", async () => {
    const cart = await cartWithLine(2);
    await setPrice(cart.variant.id, 1200);
    for (let read = 0; read < 2; read++) {
      const { body } = await readCart(app, cart);
      expect(priceChanges(body)).toEqual([
        {
          code: "price_changed",
          lineId: cart.lineId,
          sku: cart.variant.sku,
          previous: usd(1000),
          current: usd(1200),
        },
      ]);
      expect(body.lines[0].unitPrice).toEqual(usd(1200));
      expect(body.totals.subtotal).toEqual(usd(2400));
    }
  });

  it("reports a price drop too", async () => {
    const cart = await cartWithLine();
    await setPrice(cart.variant.id, 900);
    expect(priceChanges((await readCart(app, cart)).body)).toMatchObject([
      { previous: usd(1000), current: usd(900) },
    ]);
  });

  it("clears once the shopper acknowledges the price they were shown, as a change of the cart", async () => {
    const cart = await cartWithLine();
    await setPrice(cart.variant.id, 1200);
    const before = await readCart(app, cart);
    const res = await acknowledge(cart, [{ lineId: cart.lineId, unitPrice: usd(1200) }]);
    expect(res.status).toBe(200);
    expect(priceChanges(res.body)).toEqual([]);
    expect(res.body.version).toBe(before.body.version + 1);
    expect(priceChanges((await readCart(app, cart)).body)).toEqual([]);
  });

  it("reports again, from the acknowledged price, a price that moved once more before the acknowledgement", async () => {
    const cart = await cartWithLine();
    await setPrice(cart.variant.id, 1200);
    await readCart(app, cart);
    await setPrice(cart.variant.id, 1300);
    const res = await acknowledge(cart, [{ lineId: cart.lineId, unitPrice: usd(1200) }]);
    expect(res.status).toBe(200);
    expect(priceChanges(res.body)).toMatchObject([{ previous: usd(1200), current: usd(1300) }]);
  });

  it("takes a change of the line's quantity, or more units of it, as seeing its new price", async () => {
    const cart = await cartWithLine();
    await setPrice(cart.variant.id, 1200);
    const changed = await app.call("PATCH", `/store/carts/${cart.cartId}/lines/${cart.lineId}`, {
      headers: cart.headers,
      body: { quantity: 2 },
    });
    expect(priceChanges(changed.body)).toEqual([]);
    await setPrice(cart.variant.id, 1100);
    expect(priceChanges((await readCart(app, cart)).body)).toHaveLength(1);
    const more = await addLine(app, cart, { variantId: cart.variant.id, quantity: 1 });
    expect(more.body.lines[0].quantity).toBe(3);
    expect(priceChanges(more.body)).toEqual([]);
  });

  it("does not call a volume tier reached by the shopper's own quantity change a price change", async () => {
    const cart = await cartWithLine();
    const rule = await app.call("POST", "/admin/price-rules", {
      headers: adminHeaders(app),
      body: { variantId: cart.variant.id, currency: "USD", kind: "tier", amount: 800, minQuantity: 5 },
    });
    expect(rule.status).toBe(201);
    const changed = await app.call("PATCH", `/store/carts/${cart.cartId}/lines/${cart.lineId}`, {
      headers: cart.headers,
      body: { quantity: 5 },
    });
    expect(changed.body.lines[0].unitPrice).toEqual(usd(800));
    expect(priceChanges(changed.body)).toEqual([]);
    expect(priceChanges((await readCart(app, cart)).body)).toEqual([]);
  });

  it("clears by itself when the price returns to the one the shopper saw", async () => {
    const cart = await cartWithLine();
    await setPrice(cart.variant.id, 1200);
    expect(priceChanges((await readCart(app, cart)).body)).toHaveLength(1);
    await setPrice(cart.variant.id, 1000);
    expect(priceChanges((await readCart(app, cart)).body)).toEqual([]);
  });

  it("refuses an acknowledgement in another currency (400) or for a line not in the cart (404), changing nothing", async () => {
    const cart = await cartWithLine();
    await setPrice(cart.variant.id, 1200);
    const version = (await readCart(app, cart)).body.version;
    const euros = await acknowledge(cart, [
      { lineId: cart.lineId, unitPrice: { amount: 1200, currency: "EUR" } },
    ]);
    expect(euros.status).toBe(400);
    expect(euros.body.errors[0]).toMatchObject({ field: "lines.0.unitPrice.currency" });
    const other = await acknowledge(cart, [
      { lineId: cart.lineId, unitPrice: usd(1200) },
      { lineId: "line_nope", unitPrice: usd(1200) },
    ]);
    expect([other.status, other.body.code]).toEqual([404, "line_not_found"]);
    const after = await readCart(app, cart);
    expect(after.body.version).toBe(version);
    expect(priceChanges(after.body)).toHaveLength(1);
    const empty = await app.call("POST", `/store/carts/${cart.cartId}/price-changes/acknowledge`, {
      headers: cart.headers,
      body: { lines: [] },
    });
    expect(empty.status).toBe(400);
  });

  it("still refuses to complete at a total the shopper did not see, and places nothing", async () => {
    const product = await createProduct(app, [{ prices: { USD: 1000 } }]);
    const variant = product.variants[0]!;
    const ready = await readyCart(app, { lines: [{ sku: variant.sku, quantity: 1 }] });
    const seen = ready.cart.totals.total;
    await setPrice(variant.id, 1500);
    const res = await app.call("POST", `/store/carts/${ready.cartId}/complete`, {
      headers: { ...ready.headers, "idempotency-key": `pc-${ready.cartId}` },
      body: { payment: { provider: "test", token: "tok_visa" }, expectedTotal: seen },
    });
    expect([res.status, res.body.code]).toEqual([409, "price_changed"]);
    const after = await readCart(app, ready);
    expect(after.body.status).toBe("open");
    expect(priceChanges(after.body)).toMatchObject([{ previous: usd(1000), current: usd(1500) }]);
  });
});
