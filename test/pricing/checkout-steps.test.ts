import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { addLine, adminHeaders, newCart, readCart } from "./pricing-kit.ts";

type Step = { step: string; status: string };
const statuses = (body: { steps: Step[] }) => Object.fromEntries(body.steps.map((s) => [s.step, s.status]));

describe.each(databaseKinds())("checkout step report on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => app?.close());

  const setPaymentMethod = (
    cart: { cartId: string; headers: Record<string, string> },
    provider: string,
    extra: Record<string, string> = {},
  ) =>
    app.call("PUT", `/store/carts/${cart.cartId}/payment-method`, {
      headers: { ...cart.headers, ...extra },
      body: { provider },
    });

  it("lists every step in order, all missing on a new cart", async () => {
    const cart = await newCart(app);
    expect(cart.cart.steps).toEqual([
      { step: "contact", status: "missing" },
      { step: "shipping_address", status: "missing" },
      { step: "shipping_method", status: "missing" },
      { step: "payment_method", status: "missing" },
      { step: "review", status: "missing" },
    ]);
    expect(cart.cart.paymentMethod).toBeNull();
  });

  it("marks contact, address and method done as they are given, keeping `missing` as before", async () => {
    const ready = await readyCart(app);
    expect(ready.cart.missing).toEqual([]);
    expect(statuses(ready.cart)).toEqual({
      contact: "done",
      shipping_address: "done",
      shipping_method: "done",
      payment_method: "missing",
      review: "missing",
    });
  });

  it("takes a payment method the store offers, and review is done once every step is", async () => {
    const ready = await readyCart(app);
    const offered = (await app.call("GET", "/store/payment-methods")).body.methods as {
      provider: string;
      kind: string;
    }[];
    const method = offered[0]!;
    const res = await setPaymentMethod(ready, method.provider, { "if-match": `"${ready.cart.version}"` });
    expect(res.status).toBe(200);
    expect(res.body.paymentMethod).toEqual({ provider: method.provider, kind: method.kind });
    expect(res.body.version).toBe(ready.cart.version + 1);
    expect(statuses(res.body)).toMatchObject({ payment_method: "done", review: "done" });
    expect(statuses((await readCart(app, ready)).body)).toMatchObject({ payment_method: "done" });
  });

  it("refuses a payment method the store does not offer with 422, changing nothing", async () => {
    const ready = await readyCart(app);
    const res = await setPaymentMethod(ready, "cash_on_delivery");
    expect(res.status).toBe(422);
    expect(res.headers["content-type"]).toMatch(/problem\+json/);
    expect(res.body.code).toBe("unsupported_payment_provider");
    expect(res.body.errors[0]).toMatchObject({ field: "provider" });
    const after = await readCart(app, ready);
    expect(after.body.version).toBe(ready.cart.version);
    expect(after.body.paymentMethod).toBeNull();
    expect((await setPaymentMethod(ready, "")).status).toBe(400);
  });

  it("needs no shipping address for store pickup", async () => {
    const cart = await newCart(app);
    await addLine(app, cart, { sku: "MUG-350", quantity: 1 });
    const options = await app.call("GET", `/store/carts/${cart.cartId}/shipping-options`, {
      headers: cart.headers,
    });
    const pickup = options.body.find((o: { kind: string }) => o.kind === "pickup");
    const res = await app.call("PUT", `/store/carts/${cart.cartId}/shipping-method`, {
      headers: cart.headers,
      body: { methodId: pickup.id },
    });
    expect(res.status).toBe(200);
    expect(statuses(res.body)).toMatchObject({ shipping_address: "not_needed", shipping_method: "done" });
    expect(res.body.missing).toEqual(["email"]);
  });

  it("needs no payment method when a gift card pays everything", async () => {
    const ready = await readyCart(app);
    const card = await app.call("POST", "/admin/gift-cards", {
      headers: adminHeaders(app),
      body: { amount: { amount: ready.cart.totals.total.amount, currency: "USD" } },
    });
    expect(card.status).toBe(201);
    const res = await app.call("PUT", `/store/carts/${ready.cartId}/gift-card`, {
      headers: ready.headers,
      body: { code: card.body.code },
    });
    expect(res.body.amountDue).toEqual({ amount: 0, currency: "USD" });
    expect(statuses(res.body)).toMatchObject({ payment_method: "not_needed", review: "done" });
  });

  it("keeps review missing while a price change waits for the shopper, and done once acknowledged", async () => {
    const ready = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    const chosen = await setPaymentMethod(ready, "test");
    expect(statuses(chosen.body).review).toBe("done");
    const variantId = chosen.body.lines[0].variantId;
    const old = chosen.body.lines[0].unitPrice;
    const patch = (amount: number) =>
      app.call("PATCH", `/admin/variants/${variantId}`, {
        headers: adminHeaders(app),
        body: { prices: [{ amount, currency: "USD" }] },
      });
    try {
      expect((await patch(old.amount + 100)).status).toBe(200);
      const read = await readCart(app, ready);
      expect(statuses(read.body).review).toBe("missing");
      const change = read.body.issues.find((i: { code: string }) => i.code === "price_changed");
      const acknowledged = await app.call("POST", `/store/carts/${ready.cartId}/price-changes/acknowledge`, {
        headers: ready.headers,
        body: { lines: [{ lineId: change.lineId, unitPrice: change.current }] },
      });
      expect(statuses(acknowledged.body).review).toBe("done");
    } finally {
      await patch(old.amount); // the demo product is shared by the other tests of this app
    }
  });

  it("documents the new routes and fields in the OpenAPI document", async () => {
    const doc = (await app.call("GET", "/openapi.json")).body;
    expect(doc.paths["/store/carts/{cartId}/payment-method"].put).toBeDefined();
    expect(doc.paths["/store/carts/{cartId}/price-changes/acknowledge"].post).toBeDefined();
    const cart = doc.components.schemas.Cart;
    expect(cart.properties.steps.items.properties.status.enum).toEqual(["done", "missing", "not_needed"]);
    expect(cart.properties.paymentMethod).toBeDefined();
  });
});
