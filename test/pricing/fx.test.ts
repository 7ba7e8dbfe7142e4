import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { address, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { addLine, adminHeaders, createProduct, newCart, readCart } from "./pricing-kit.ts";

// USD is the base currency; EUR has its own prices for the demo catalog; JPY and KWD are converted.
describe.each(databaseKinds())("FX conversion and settlement on %s", (kind) => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp(kind, {}, { STORE_CURRENCIES: "USD,EUR,JPY,KWD,CHF" });
    admin = adminHeaders(app);
    for (const [currency, rate] of [
      ["JPY", "151.237"],
      ["KWD", "0.3071"],
      ["EUR", "0.92"],
    ]) {
      const res = await app.call("PUT", `/admin/fx-rates/${currency}`, { headers: admin, body: { rate } });
      expect(res.status).toBe(200);
    }
  });
  afterAll(async () => app?.close());

  const only = (cart: { lines: unknown[] }) => cart.lines[0] as Record<string, any>;

  it("converts a price missing in the cart currency from the base, with the currency's exponent", async () => {
    const p = await createProduct(app, [{ prices: { USD: 1999 } }]);
    const jpy = await newCart(app, "JPY");
    const inYen = only((await addLine(app, jpy, { variantId: p.variants[0]!.id, quantity: 1 })).body);
    expect(inYen.unitPrice).toEqual({ amount: 3023, currency: "JPY" }); // 19.99 × 151.237 = 3023.2
    expect(inYen.price.convertedFrom).toEqual({ amount: 1999, currency: "USD", rate: "151.237" });
    const kwd = await newCart(app, "KWD");
    const inFils = only((await addLine(app, kwd, { variantId: p.variants[0]!.id, quantity: 1 })).body);
    expect(inFils.unitPrice).toEqual({ amount: 6139, currency: "KWD" }); // 19.99 × 0.3071 = 6.1389
  });

  it("lists a converted price on the product list, the one the cart charges, and none without a rate", async () => {
    const p = await createProduct(app, [{ prices: { USD: 1999 } }]);
    const priceIn = async (currency: string) => {
      const list = await app.call("GET", `/store/products?currency=${currency}&q=${p.handle}`);
      expect(list.status).toBe(200);
      return list.body.products.find((x: { id: string }) => x.id === p.id).variants[0].price;
    };
    expect(await priceIn("JPY")).toEqual({ amount: 3023, currency: "JPY" });
    expect(await priceIn("USD")).toEqual({ amount: 1999, currency: "USD" });
    const jpy = await newCart(app, "JPY");
    const line = only((await addLine(app, jpy, { variantId: p.variants[0]!.id, quantity: 1 })).body);
    expect(line.unitPrice).toEqual(await priceIn("JPY"));
    expect(await priceIn("CHF")).toBeNull(); // neither a CHF price nor a rate
  });

  it("keeps a native price over a converted one", async () => {
    const p = await createProduct(app, [{ prices: { USD: 2500, EUR: 2100 } }]);
    const eur = await newCart(app, "EUR");
    const line = only((await addLine(app, eur, { variantId: p.variants[0]!.id, quantity: 1 })).body);
    expect(line.unitPrice).toEqual({ amount: 2100, currency: "EUR" });
    expect(line.price.convertedFrom).toBeNull();
  });

  it("rounds converted prices by the currency's rule, and converts the winning price rule", async () => {
    const rounding = await app.call("PUT", "/admin/currency-rounding/JPY", {
      headers: admin,
      body: { increment: 100, ending: 80, mode: "up" },
    });
    expect(rounding.status).toBe(200);
    const p = await createProduct(app, [{ prices: { USD: 2500 } }]);
    const v = p.variants[0]!.id;
    await app.call("POST", "/admin/price-rules", {
      headers: admin,
      body: { variantId: v, currency: "USD", kind: "tier", amount: 2000, minQuantity: 5 },
    });
    const jpy = await newCart(app, "JPY");
    const one = only((await addLine(app, jpy, { variantId: v, quantity: 1 })).body);
    expect(one.unitPrice.amount).toBe(3880); // 25 × 151.237 = 3780.9 → next ¥…80
    const five = only((await addLine(app, jpy, { variantId: v, quantity: 4 })).body);
    expect(five.unitPrice.amount).toBe(3080); // 20 × 151.237 = 3024.7 → ¥3080
    expect(five.price.rule.kind).toBe("tier");
    await app.call("PUT", "/admin/currency-rounding/JPY", { headers: admin, body: { increment: 1 } });
  });

  it("refuses a bad rate or rounding rule with 400", async () => {
    for (const rate of ["0", "-1", "1e3", "abc", "1.1234567890123"]) {
      const res = await app.call("PUT", "/admin/fx-rates/JPY", { headers: admin, body: { rate } });
      expect(res.status, rate).toBe(400);
    }
    const rule = await app.call("PUT", "/admin/currency-rounding/JPY", {
      headers: admin,
      body: { increment: 100, ending: 100 },
    });
    expect(rule.status).toBe(400);
    const rates = await app.call("GET", "/admin/fx-rates", { headers: admin });
    expect(rates.body.rates.find((r: { currency: string }) => r.currency === "JPY").rate).toBe("151.237");
  });

  it("does not sell a variant in a currency with neither a price nor a rate, and refuses unsold currencies", async () => {
    const p = await createProduct(app, [{ prices: { USD: 2500 } }]);
    const chf = await newCart(app, "CHF");
    const res = await addLine(app, chf, { variantId: p.variants[0]!.id, quantity: 1 });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("variant_unavailable");
    const gbp = await app.call("POST", "/store/carts", { body: { currency: "GBP" } });
    expect(gbp.status).toBe(422);
    expect(gbp.body.code).toBe("unsupported_currency");
  });

  it("locks the rate at checkout and records presentment and settlement amounts on the order", async () => {
    const p = await createProduct(app, [{ prices: { USD: 1999 } }]);
    const cart = await newCart(app, "EUR");
    await addLine(app, cart, { variantId: p.variants[0]!.id, quantity: 2 });
    await addLine(app, cart, { sku: "MUG-350", quantity: 1 }); // native EUR price, settled at the rate too
    await app.call("PUT", `/store/carts/${cart.cartId}/contact`, {
      headers: cart.headers,
      body: { email: "fx@example.com" },
    });
    await app.call("PUT", `/store/carts/${cart.cartId}/shipping-address`, {
      headers: cart.headers,
      body: address,
    });
    const options = await app.call("GET", `/store/carts/${cart.cartId}/shipping-options`, {
      headers: cart.headers,
    });
    const seen = await app.call("PUT", `/store/carts/${cart.cartId}/shipping-method`, {
      headers: cart.headers,
      body: { methodId: options.body[0].id },
    });
    expect(seen.body.fx).toMatchObject({ baseCurrency: "USD", rate: "0.92", locked: false });
    const placed = await app.call("POST", `/store/carts/${cart.cartId}/complete`, {
      headers: { ...cart.headers, "idempotency-key": `fx-${cart.cartId}` },
      body: { payment: { provider: "test", token: "tok_visa" }, expectedTotal: seen.body.totals.total },
    });
    expect(placed.status, JSON.stringify(placed.body)).toBe(200);
    // A later rate change touches neither the order nor the completed cart's locked rate.
    await app.call("PUT", "/admin/fx-rates/EUR", { headers: admin, body: { rate: "0.5" } });
    const order = await app.call("GET", `/admin/orders/${placed.body.id}`, { headers: admin });
    const { fx, totals } = order.body;
    expect(fx).toMatchObject({ baseCurrency: "USD", rate: "0.92" });
    expect(Date.parse(fx.lockedAt)).not.toBeNaN();
    const usd = (eur: number) => Math.round(eur / 0.92);
    for (const k of ["subtotal", "discountTotal", "shippingTotal", "taxTotal"] as const) {
      expect(fx.settlement[k].currency).toBe("USD");
      expect(Math.abs(fx.settlement[k].amount - usd(totals[k].amount))).toBeLessThanOrEqual(1);
    }
    const s = fx.settlement;
    expect(s.total.amount).toBe(
      s.subtotal.amount - s.discountTotal.amount + s.shippingTotal.amount + s.taxTotal.amount,
    );
    const after = await readCart(app, cart);
    expect(after.body.fx).toMatchObject({ rate: "0.92", locked: true });
    await app.call("PUT", "/admin/fx-rates/EUR", { headers: admin, body: { rate: "0.92" } });
  });
});
