import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProduct } from "../../src/modules/catalog/index.ts";
import { receiveStock } from "../../src/modules/inventory/index.ts";
import { orders } from "../../src/modules/orders/schema.ts";
import { FixedClock } from "../../src/shared/clock.ts";
import { address as illinois, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";

// Tuesday 10 March 2026, 08:00 in New York: the demo's Brooklyn store readies orders in one open day.
const tuesdayMorning = "2026-03-10T12:00:00Z";
const person = { firstName: "Ada", lastName: "Lovelace", line1: "1 Example Street" };
const anchorage = { ...person, city: "Anchorage", region: "AK", postalCode: "99501", country: "US" };
const fairbanks = { ...person, city: "Fairbanks", region: "AK", postalCode: "99701", country: "US" };
const tokyo = { ...person, city: "Chiyoda", region: "13", postalCode: "100-0001", country: "JP" };
const berlin = { ...person, city: "Berlin", postalCode: "10115", country: "DE" };

type Option = {
  id: string;
  code: string;
  kind: string;
  price: { amount: number };
  pickupLocations: { id: string; name: string; readyFrom: string }[];
};

describe.each(databaseKinds())("shipping zones, rates and store pickup through the API on %s", (kind) => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp(kind, { clock: new FixedClock(tuesdayMorning) });
    admin = { authorization: `Bearer ${app.apiKey}` };
  });
  afterAll(async () => app?.close());

  /** A USD cart with `lines`, an email and, if given, a shipping address. */
  async function cartWith(lines: { sku: string; quantity: number }[], to?: Record<string, string>) {
    const created = await app.call("POST", "/store/carts", { body: { currency: "USD" } });
    const headers = { "x-cart-token": created.body.token as string };
    const url = `/store/carts/${created.body.cart.id}`;
    for (const line of lines)
      expect((await app.call("POST", `${url}/lines`, { headers, body: line })).status).toBe(200);
    await app.call("PUT", `${url}/contact`, { headers, body: { email: "ada@example.com" } });
    if (to)
      expect((await app.call("PUT", `${url}/shipping-address`, { headers, body: to })).status).toBe(200);
    return { url, headers };
  }
  const optionsOf = async (cart: { url: string; headers: Record<string, string> }) => {
    const res = await app.call("GET", `${cart.url}/shipping-options`, { headers: cart.headers });
    expect(res.status).toBe(200);
    return res.body as Option[];
  };
  const prices = (options: Option[]) => Object.fromEntries(options.map((o) => [o.code, o.price.amount]));
  const read = async (cart: { url: string; headers: Record<string, string> }) =>
    (await app.call("GET", cart.url, { headers: cart.headers })).body;

  it("keeps Standard at 5.00 to Illinois and offers Express, Overnight and pickup there", async () => {
    const options = await optionsOf(await cartWith([{ sku: "TEE-M", quantity: 2 }], illinois));
    expect(options.map((o) => o.code)).toEqual(["standard", "express", "overnight", "pickup"]);
    expect(prices(options)).toEqual({ standard: 500, express: 1500, overnight: 2900, pickup: 0 });
  });

  it("charges Alaska its regional surcharge and leaves Overnight out of the excluded regions", async () => {
    const options = await optionsOf(await cartWith([{ sku: "TEE-M", quantity: 2 }], anchorage));
    expect(prices(options)).toEqual({ standard: 1500, express: 3500, pickup: 0 });
  });

  it("prefers a postal-prefix zone over the region zone for the same method", async () => {
    const zone = await app.call("POST", "/admin/shipping/zones", {
      headers: admin,
      body: { code: "anchorage", name: "Anchorage", countries: ["US"], postalCodes: ["995"] },
    });
    expect(zone.status).toBe(201);
    const methods = (await app.call("GET", "/admin/shipping/methods", { headers: admin })).body.methods;
    const standard = methods.find((m: { code: string }) => m.code === "standard");
    const rate = await app.call("PUT", `/admin/shipping/methods/${standard.id}/rates/${zone.body.id}/USD`, {
      headers: admin,
      body: { rate: { type: "flat", amount: 900 } },
    });
    expect(rate.status).toBe(200);
    expect(prices(await optionsOf(await cartWith([{ sku: "TEE-M", quantity: 1 }], anchorage))).standard).toBe(
      900,
    );
    expect(prices(await optionsOf(await cartWith([{ sku: "TEE-M", quantity: 1 }], fairbanks))).standard).toBe(
      1500,
    );
    await app.call("DELETE", `/admin/shipping/zones/${zone.body.id}`, { headers: admin });
    expect(prices(await optionsOf(await cartWith([{ sku: "TEE-M", quantity: 1 }], anchorage))).standard).toBe(
      1500,
    );
  });

  it("prices the rest of the world by weight tiers", async () => {
    // 2 tees: 440 g → first tier; with a hoodie, 1,090 g → second tier.
    expect(prices(await optionsOf(await cartWith([{ sku: "TEE-M", quantity: 2 }], tokyo)))).toEqual({
      standard: 1900,
    });
    const heavier = await cartWith(
      [
        { sku: "TEE-M", quantity: 2 },
        { sku: "HOODIE-FOREST", quantity: 1 },
      ],
      tokyo,
    );
    expect(prices(await optionsOf(heavier))).toEqual({ standard: 2900 });
  });

  it("drops Overnight above its 5 kg limit", async () => {
    // 8 hoodies weigh 5,200 g.
    const options = await optionsOf(await cartWith([{ sku: "HOODIE-SLATE", quantity: 8 }], illinois));
    expect(options.map((o) => o.code)).not.toContain("overnight");
    expect(options.map((o) => o.code)).toContain("standard");
  });

  it("prices Overnight by the discounted subtotal, and the cart follows a code that moves it across a tier", async () => {
    const res = await app.call("POST", "/admin/promotions", {
      headers: admin,
      body: { label: "20 % off", codes: ["TWENTY"], effect: { kind: "order_percentage", ratePpm: 200_000 } },
    });
    expect(res.status).toBe(201);
    // A hoodie and a mug: 97.00, at least 100.00 only with another mug.
    const cart = await cartWith(
      [
        { sku: "HOODIE-FOREST", quantity: 1 },
        { sku: "MUG-350", quantity: 2 },
      ],
      illinois,
    );
    const overnight = (await optionsOf(cart)).find((o) => o.code === "overnight")!;
    expect(overnight.price.amount).toBe(1900);
    const chosen = await app.call("PUT", `${cart.url}/shipping-method`, {
      headers: cart.headers,
      body: { methodId: overnight.id },
    });
    expect(chosen.body.totals.shippingTotal.amount).toBe(1900);
    // 20 % off 115.00 is 92.00: under the 100.00 tier.
    const coded = await app.call("POST", `${cart.url}/promotion-codes`, {
      headers: cart.headers,
      body: { code: "TWENTY" },
    });
    expect(coded.status).toBe(200);
    expect(coded.body.shippingMethod.price.amount).toBe(2900);
    expect(coded.body.totals.shippingTotal.amount).toBe(2900);
  });

  it("never prices by weight when a line has no weight recorded", async () => {
    const at = new Date(tuesdayMorning);
    await createProduct(
      app.ctx.db,
      {
        handle: "gift-wrap",
        title: "Gift wrap",
        description: "",
        variants: [{ sku: "WRAP-1", title: "", prices: { USD: 300 } }],
      },
      at,
    );
    await receiveStock(app.ctx.db, "WRAP-1", 10, at);
    // Weight-tiered Standard to Japan is not offered; Standard in the US is free-over, not by weight.
    expect(await optionsOf(await cartWith([{ sku: "WRAP-1", quantity: 1 }], tokyo))).toEqual([]);
    const us = await optionsOf(await cartWith([{ sku: "WRAP-1", quantity: 1 }], illinois));
    expect(us.map((o) => o.code)).toEqual(["standard", "express", "pickup"]);
  });

  it("shows free-shipping progress for the store's country before an address, and ships free from the threshold", async () => {
    const cart = await cartWith([
      { sku: "TEE-M", quantity: 2 },
      { sku: "MUG-350", quantity: 1 },
    ]);
    const before = await read(cart);
    expect(before.freeShipping).toEqual({
      threshold: { amount: 15_000, currency: "USD" },
      amountLeft: { amount: 15_000 - 7400, currency: "USD" },
      method: expect.objectContaining({ code: "standard" }),
    });
    await app.call("PUT", `${cart.url}/shipping-address`, { headers: cart.headers, body: illinois });
    const lineId = before.lines[0].id;
    // 2 tees + a mug + 4 more tees: 5 × 28.00 + 18.00 = 186.00 … one tee fewer is 130.00 + 18.00 = 148.00.
    const under = await app.call("PATCH", `${cart.url}/lines/${lineId}`, {
      headers: cart.headers,
      body: { quantity: 4 },
    });
    expect(under.body.freeShipping.amountLeft.amount).toBe(15_000 - 13_000);
    const over = await app.call("PATCH", `${cart.url}/lines/${lineId}`, {
      headers: cart.headers,
      body: { quantity: 5 },
    });
    expect(over.body.freeShipping.amountLeft.amount).toBe(0);
    const standard = (await optionsOf(cart)).find((o) => o.code === "standard")!;
    expect(standard.price.amount).toBe(0);
    const chosen = await app.call("PUT", `${cart.url}/shipping-method`, {
      headers: cart.headers,
      body: { methodId: standard.id },
    });
    expect(chosen.body.totals.shippingTotal.amount).toBe(0);
  });

  it("has no free-shipping progress where no method ships free", async () => {
    expect((await read(await cartWith([{ sku: "TEE-M", quantity: 1 }], tokyo))).freeShipping).toBeNull();
  });

  it("lists only pickup before an address, with the store and the day it will be ready", async () => {
    const options = await optionsOf(await cartWith([{ sku: "TEE-M", quantity: 1 }]));
    expect(options).toHaveLength(1);
    expect(options[0]).toMatchObject({
      code: "pickup",
      kind: "pickup",
      price: { amount: 0, currency: "USD" },
      estimate: { earliest: "2026-03-11", latest: "2026-03-11" },
      pickupLocations: [
        { name: "Cartwright Brooklyn", readyFrom: "2026-03-11", address: { city: "Brooklyn" } },
      ],
    });
  });

  it("checks out with store pickup and no shipping address; the order keeps the store and its ready date", async () => {
    const cart = await cartWith([{ sku: "TEE-M", quantity: 2 }]);
    const [pickup] = await optionsOf(cart);
    const location = pickup!.pickupLocations[0]!;
    const chosen = await app.call("PUT", `${cart.url}/shipping-method`, {
      headers: cart.headers,
      body: { methodId: pickup!.id, pickupLocationId: location.id },
    });
    expect(chosen.status).toBe(200);
    const priced = chosen.body;
    expect(priced.missing).toEqual([]);
    expect(priced.shippingAddress).toBeNull();
    expect(priced.shippingMethod).toMatchObject({ kind: "pickup", estimate: { earliest: "2026-03-11" } });
    expect(priced.pickupLocation).toMatchObject({ id: location.id, readyFrom: "2026-03-11" });
    expect(priced.totals.shippingTotal.amount).toBe(0);
    // Taxed where the store is (New York), not provisionally for the seller's country.
    expect(priced.tax.provisional).toBe(false);
    expect(priced.tax.breakdown.map((b: { jurisdiction: string }) => b.jurisdiction)).toContain("US-NY");

    const order = await app.call("POST", `${cart.url}/complete`, {
      headers: { ...cart.headers, "idempotency-key": "pickup-1" },
      body: { payment: { provider: "test", token: "tok_visa" }, expectedTotal: priced.totals.total },
    });
    expect(order.status, JSON.stringify(order.body)).toBe(200);
    expect(order.body.totals).toEqual(priced.totals);
    const [row] = await app.ctx.db.select().from(orders).where(eq(orders.id, order.body.id));
    expect(row!.shipping).toMatchObject({
      kind: "pickup",
      amount: 0,
      estimate: { earliest: "2026-03-11", latest: "2026-03-11" },
      pickupLocation: { id: location.id, name: "Cartwright Brooklyn", readyFrom: "2026-03-11" },
    });
    expect(row!.shippingAddress).toMatchObject({
      company: "Cartwright Brooklyn",
      line1: "10 Jay St",
      country: "US",
    });
  });

  it("takes the only location when none is named, and refuses a location of another method", async () => {
    const cart = await cartWith([{ sku: "MUG-350", quantity: 1 }]);
    const [pickup] = await optionsOf(cart);
    const wrong = await app.call("PUT", `${cart.url}/shipping-method`, {
      headers: cart.headers,
      body: { methodId: pickup!.id, pickupLocationId: "pul_nope" },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({
      code: "pickup_location_unavailable",
      errors: [{ field: "pickupLocationId" }],
    });
    expect((await read(cart)).shippingMethod).toBeNull();
    const only = await app.call("PUT", `${cart.url}/shipping-method`, {
      headers: cart.headers,
      body: { methodId: pickup!.id },
    });
    expect(only.body.pickupLocation.id).toBe(pickup!.pickupLocations[0]!.id);
  });

  it("asks for an address before a delivery method, and clears pickup when the address leaves its country", async () => {
    const cart = await cartWith([{ sku: "MUG-350", quantity: 1 }]);
    const methods = (await app.call("GET", "/admin/shipping/methods", { headers: admin })).body.methods;
    const standard = methods.find((m: { code: string }) => m.code === "standard");
    const early = await app.call("PUT", `${cart.url}/shipping-method`, {
      headers: cart.headers,
      body: { methodId: standard.id },
    });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe("checkout_incomplete");
    const [pickup] = await optionsOf(cart);
    await app.call("PUT", `${cart.url}/shipping-method`, {
      headers: cart.headers,
      body: { methodId: pickup!.id },
    });
    const moved = await app.call("PUT", `${cart.url}/shipping-address`, {
      headers: cart.headers,
      body: berlin,
    });
    expect(moved.body.shippingMethod).toBeNull();
    expect(moved.body.pickupLocation).toBeNull();
    expect(moved.body.missing).toEqual(["shipping_method"]);
  });

  it("moves the ready date past a holiday added in the admin calendar", async () => {
    const added = await app.call("POST", "/admin/shipping/holidays", {
      headers: admin,
      body: { holidays: [{ country: "US", date: "2026-03-11", name: "Store inventory day" }] },
    });
    expect(added.status).toBe(200);
    const [pickup] = await optionsOf(await cartWith([{ sku: "TEE-M", quantity: 1 }]));
    expect(pickup!.pickupLocations[0]!.readyFrom).toBe("2026-03-12");
    const removed = await app.call("DELETE", "/admin/shipping/holidays/US/2026-03-11", { headers: admin });
    expect(removed.status).toBe(204);
    const [again] = await optionsOf(await cartWith([{ sku: "TEE-M", quantity: 1 }]));
    expect(again!.pickupLocations[0]!.readyFrom).toBe("2026-03-11");
  });
});
