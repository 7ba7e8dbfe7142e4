import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TaxProvider } from "../src/modules/tax/index.ts";
import { FixedClock } from "../src/shared/clock.ts";
import { startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";

// A German seller (VAT-registered) selling to Germany (domestic, tax-inclusive), Ontario
// (exclusive HST) and a French business (reverse charge). Tuesday 10 March 2026, 08:00 in the
// New York warehouse: before its 14:00 cut-off.
const sellerEnv = { STORE_COUNTRY: "DE", STORE_VAT_ID: "DE136695976" };
const tuesdayMorning = "2026-03-10T12:00:00Z";

const person = { firstName: "Ada", lastName: "Lovelace", line1: "1 Example Street" };
const berlin = { ...person, city: "Berlin", postalCode: "10115", country: "DE" };
const toronto = { ...person, city: "Toronto", region: "ON", postalCode: "M5V 3L9", country: "CA" };
const paris = { ...person, company: "Exemple SARL", city: "Paris", postalCode: "75008", country: "FR" };

const eur = (amount: number) => ({ amount, currency: "EUR" });
const usd = (amount: number) => ({ amount, currency: "USD" });

describe.each(databaseKinds())("tax and delivery estimates through the API on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { clock: new FixedClock(tuesdayMorning) }, sellerEnv);
  });
  afterAll(async () => app?.close());

  /** A cart with 2 tees and a mug, an email, `address` and standard shipping. */
  async function cartTo(currency: string, address: Record<string, string>, billing?: object) {
    const created = await app.call("POST", "/store/carts", { body: { currency } });
    const { token, cart } = created.body;
    const headers = { "x-cart-token": token };
    const url = `/store/carts/${cart.id}`;
    await app.call("POST", `${url}/lines`, { headers, body: { sku: "TEE-M", quantity: 2 } });
    await app.call("POST", `${url}/lines`, { headers, body: { sku: "MUG-350", quantity: 1 } });
    await app.call("PUT", `${url}/contact`, { headers, body: { email: "ada@example.com" } });
    const set = await app.call("PUT", `${url}/shipping-address`, { headers, body: address });
    expect(set.status).toBe(200);
    if (billing)
      expect((await app.call("PUT", `${url}/billing`, { headers, body: billing })).status).toBe(200);
    const options = await app.call("GET", `${url}/shipping-options`, { headers });
    const standard = options.body.find((o: { code: string }) => o.code === "standard");
    const final = await app.call("PUT", `${url}/shipping-method`, {
      headers,
      body: { methodId: standard.id },
    });
    return { url, headers, cart: final.body, options: options.body };
  }

  const complete = async (url: string, headers: Record<string, string>, total: unknown, key: string) =>
    app.call("POST", `${url}/complete`, {
      headers: { ...headers, "idempotency-key": key },
      body: { payment: { provider: "test", token: "tok_visa" }, expectedTotal: total },
    });

  it("extracts German VAT from tax-inclusive prices and keeps total = subtotal + shipping + tax", async () => {
    const { url, headers, cart } = await cartTo("EUR", berlin);
    expect(cart.pricesIncludeTax).toBe(true);
    // Shelf: 2 × 26.00 + 16.50 + 4.90 shipping = 73.40, 19 % VAT inside: 8.30 + 2.63 + 0.78.
    expect(
      cart.lines.map((l: { unitPrice: unknown; subtotal: unknown; tax: unknown; total: unknown }) => [
        l.unitPrice,
        l.subtotal,
        l.tax,
        l.total,
      ]),
    ).toEqual([
      [eur(2600), eur(4370), eur(830), eur(5200)],
      [eur(1650), eur(1387), eur(263), eur(1650)],
    ]);
    expect(cart.totals).toEqual({
      subtotal: eur(5757),
      discountTotal: eur(0),
      shippingTotal: eur(412),
      taxTotal: eur(1171),
      total: eur(7340),
    });
    expect(cart.tax).toMatchObject({
      breakdown: [
        { jurisdiction: "DE", name: "VAT", ratePpm: 190_000, taxable: eur(6169), amount: eur(1171) },
      ],
      shipping: eur(78),
      reverseCharge: false,
      provisional: false,
    });

    const order = await complete(url, headers, cart.totals.total, "de-1");
    expect(order.status).toBe(200);
    expect(order.body.totals).toEqual(cart.totals);
    expect(order.body.lines.map((l: { tax: unknown }) => l.tax)).toEqual([eur(830), eur(263)]);
    expect(order.body.tax).toMatchObject({ pricesIncludeTax: true, breakdown: cart.tax.breakdown });
    expect(order.body.shipping).toMatchObject({ tax: eur(78), estimate: cart.shippingMethod.estimate });

    // The status page reads the same: shelf amounts with tax (lines, shipping), the VAT included.
    const status = await app.call("GET", `/store/orders/${order.body.id}`, {
      headers: { "x-order-token": order.body.accessToken },
    });
    expect(status.status).toBe(200);
    expect(status.body.pricesIncludeTax).toBe(true);
    expect(status.body.lines.map((l: { total: unknown }) => l.total)).toEqual([eur(5200), eur(1650)]);
    expect(status.body.shipping).toMatchObject({ price: eur(490), tax: eur(78) });
    expect(status.body.tax.breakdown).toEqual([
      { jurisdiction: "DE", name: "VAT", ratePpm: 190_000, amount: eur(1171) },
    ]);
  });

  it("adds Ontario HST on top of the prices of a USD cart and the order keeps the same numbers", async () => {
    const { url, headers, cart } = await cartTo("USD", toronto);
    expect(cart.pricesIncludeTax).toBe(false);
    // 2 × 28.00 + 18.00 + 5.00 shipping; 13 % HST: 7.28 + 2.34 + 0.65.
    expect(cart.totals).toEqual({
      subtotal: usd(7400),
      discountTotal: usd(0),
      shippingTotal: usd(500),
      taxTotal: usd(1027),
      total: usd(8927),
    });
    expect(cart.tax.breakdown).toEqual([
      { jurisdiction: "CA-ON", name: "HST", ratePpm: 130_000, taxable: usd(7900), amount: usd(1027) },
    ]);
    const order = await complete(url, headers, cart.totals.total, "on-1");
    expect(order.status).toBe(200);
    expect(order.body.totals).toEqual(cart.totals);
    expect(order.body.tax.breakdown).toEqual(cart.tax.breakdown);
    const status = await app.call("GET", `/store/orders/${order.body.id}`, {
      headers: { "x-order-token": order.body.accessToken },
    });
    expect(status.body.pricesIncludeTax).toBe(false);
    expect(status.body.shipping.tax).toEqual(usd(65));
  });

  it("reverse-charges a French business with a valid VAT ID and prints the legal note", async () => {
    const { url, headers, cart } = await cartTo("EUR", paris, { address: null, vatId: "FR 40 303 265 045" });
    expect(cart.vatId).toBe("FR40303265045");
    expect(cart.tax.reverseCharge).toBe(true);
    expect(cart.tax.notes).toContain(
      "Reverse charge: VAT to be accounted for by the recipient, Art. 196 Directive 2006/112/EC",
    );
    // The French VAT inside the shelf prices (20 %) is taken out, none is added.
    expect(cart.totals.taxTotal).toEqual(eur(0));
    expect(cart.totals.total).toEqual(eur(4333 + 1375 + 408));
    const order = await complete(url, headers, cart.totals.total, "fr-1");
    expect(order.body.tax).toMatchObject({ reverseCharge: true, vatId: "FR40303265045" });
    expect(order.body.tax.notes).toEqual(cart.tax.notes);
  });

  it("refuses a VAT ID that fails its checksum with a field error", async () => {
    const { url, headers } = await cartTo("EUR", paris);
    const res = await app.call("PUT", `${url}/billing`, { headers, body: { vatId: "FR41303265045" } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: "validation_failed",
      errors: [{ field: "vatId", code: "invalid_vat_id" }],
    });
  });

  it("refuses an address that breaks its country's rules, field by field", async () => {
    const created = await app.call("POST", "/store/carts", { body: { currency: "USD" } });
    const res = await app.call("PUT", `/store/carts/${created.body.cart.id}/shipping-address`, {
      headers: { "x-cart-token": created.body.token },
      body: { ...toronto, region: undefined, postalCode: "90210" },
    });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: "shippingAddress.region", code: "required" }),
      expect.objectContaining({ field: "shippingAddress.postalCode", code: "invalid_format" }),
    ]);
  });

  it("estimates delivery from the clock, skipping the weekend, on options, cart and order", async () => {
    const { url, headers, cart, options } = await cartTo("EUR", berlin);
    // Processing starts Tue 10 (before the cut-off), dispatch Wed 11, 3–6 working days in transit.
    const standard = options.find((o: { code: string }) => o.code === "standard");
    expect(standard.estimate).toEqual({ earliest: "2026-03-16", latest: "2026-03-19" });
    expect(cart.shippingMethod.estimate).toEqual(standard.estimate);
    const order = await complete(url, headers, cart.totals.total, "est-1");
    expect(order.body.shipping.estimate).toEqual(standard.estimate);
  });
});

describe.each(databaseKinds())("an external tax provider that fails, on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    const failing: TaxProvider = {
      name: "acme-tax",
      calculate: async () => {
        throw new Error("acme-tax: 503 Service Unavailable");
      },
    };
    app = await startTestApp(
      kind,
      { clock: new FixedClock(tuesdayMorning), taxProvider: failing },
      sellerEnv,
    );
  });
  afterAll(async () => app?.close());

  it("never blocks the checkout: built-in rates answer, and cart and order say so", async () => {
    const created = await app.call("POST", "/store/carts", { body: { currency: "EUR" } });
    const headers = { "x-cart-token": created.body.token };
    const url = `/store/carts/${created.body.cart.id}`;
    await app.call("POST", `${url}/lines`, { headers, body: { sku: "TEE-M", quantity: 2 } });
    await app.call("PUT", `${url}/contact`, { headers, body: { email: "ada@example.com" } });
    await app.call("PUT", `${url}/shipping-address`, { headers, body: berlin });
    const options = await app.call("GET", `${url}/shipping-options`, { headers });
    const cart = (
      await app.call("PUT", `${url}/shipping-method`, { headers, body: { methodId: options.body[0].id } })
    ).body;
    expect(cart.tax.fallback).toBe(true);
    expect(cart.totals.taxTotal).toEqual(eur(830 + 78));
    const order = await app.call("POST", `${url}/complete`, {
      headers: { ...headers, "idempotency-key": "fb-1" },
      body: { payment: { provider: "test", token: "tok_visa" }, expectedTotal: cart.totals.total },
    });
    expect(order.status).toBe(200);
    expect(order.body.tax.fallback).toBe(true);
  });
});
