import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";

describe.each(databaseKinds())("thin checkout through the API on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => app?.close());

  const stockOf = async (sku: string) =>
    (await app.call("GET", `/admin/inventory/${sku}`, { headers: { authorization: `Bearer ${app.apiKey}` } }))
      .body;

  it("walks a shopper from an empty cart to a placed order and takes the stock in the same step", async () => {
    const before = await stockOf("TEE-M");
    const { cartId, headers, cart } = await readyCart(app);
    expect(cart.missing).toEqual([]);
    expect(cart.totals.subtotal).toEqual({ amount: 2 * 2800 + 1800, currency: "USD" });
    expect(cart.totals.shippingTotal).toEqual({ amount: 500, currency: "USD" });
    // Illinois 6.25 % on the goods, rounded per line (350 + 112.5 → 113); IL does not tax shipping.
    expect(cart.totals.taxTotal).toEqual({ amount: 350 + 113, currency: "USD" });
    expect(cart.totals.total).toEqual({ amount: 2 * 2800 + 1800 + 500 + 463, currency: "USD" });

    const res = await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": "k-1" },
      body: { payment: { provider: "test", token: "tok_visa" }, expectedTotal: cart.totals.total },
    });
    expect(res.status).toBe(200);
    expect(res.body.number).toMatch(/^CW-\d{4,}$/);
    expect(res.body.totals.total).toEqual(cart.totals.total);
    expect(res.body.payment).toEqual({ provider: "test", brand: "visa", last4: "4242" });
    expect(res.body.lines.map((l: { sku: string }) => l.sku)).toEqual(["TEE-M", "MUG-350"]);

    const after = await stockOf("TEE-M");
    expect(after.onHand).toBe(before.onHand - 2);
    expect(after.reserved).toBe(0);

    const listed = await app.call("GET", "/admin/orders", {
      headers: { authorization: `Bearer ${app.apiKey}` },
    });
    expect(listed.body.orders.map((o: { id: string }) => o.id)).toContain(res.body.id);
  });

  it("numbers orders sequentially", async () => {
    const numbers: number[] = [];
    for (let i = 0; i < 2; i++) {
      const { cartId, headers } = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
      const res = await app.call("POST", `/store/carts/${cartId}/complete`, {
        headers: { ...headers, "idempotency-key": `seq-${i}` },
        body: { payment: { provider: "test", token: "tok_visa" } },
      });
      numbers.push(Number(res.body.number.slice(3)));
    }
    expect(numbers[1]).toBe(numbers[0]! + 1);
  });

  it("leaves the cart open and the stock untouched when the card is declined, and lets the shopper retry", async () => {
    const before = await stockOf("MUG-350");
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "MUG-350", quantity: 3 }] });
    const declined = await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": "decline-1" },
      body: { payment: { provider: "test", token: "tok_chargeDeclined" } },
    });
    expect(declined.status).toBe(402);
    expect(declined.headers["content-type"]).toContain("application/problem+json");
    expect(declined.body).toMatchObject({ code: "payment_declined", declineReason: "generic_decline" });
    expect(await stockOf("MUG-350")).toEqual(before);
    const reread = await app.call("GET", `/store/carts/${cartId}`, { headers });
    expect(reread.body.status).toBe("open");

    const retried = await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": "decline-2" },
      body: { payment: { provider: "test", token: "tok_mastercard" } },
    });
    expect(retried.status).toBe(200);
    expect((await stockOf("MUG-350")).onHand).toBe(before.onHand - 3);
  });

  it("replays the stored response for the same Idempotency-Key and refuses it with another body", async () => {
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "TEE-S", quantity: 1 }] });
    const send = (token: string) =>
      app.call("POST", `/store/carts/${cartId}/complete`, {
        headers: { ...headers, "idempotency-key": "same-key" },
        body: { payment: { provider: "test", token } },
      });
    const first = await send("tok_visa");
    const again = await send("tok_visa");
    expect(again.status).toBe(200);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.body).toEqual(first.body);
    const other = await send("tok_amex");
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("idempotency_key_mismatch");
  });

  it("returns the existing order when a completed cart is completed again with a new key", async () => {
    const { cartId, headers } = await readyCart(app, {
      lines: [
        { sku: "TEE-L", quantity: 1 },
        { sku: "STICKERS-5", quantity: 2 },
      ],
    });
    const body = { payment: { provider: "test", token: "tok_visa" } };
    const first = await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": "a" },
      body,
    });
    const second = await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": "b" },
      body,
    });
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
    // The placing response is built from what was written, not read back: it must equal the read,
    // lines in order, timeline and database defaults included; only the access token is extra.
    const { accessToken, ...placed } = first.body;
    expect(accessToken).toEqual(expect.any(String));
    expect(second.body).toEqual(placed);
  });

  it("refuses edits to a completed cart with 409", async () => {
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "TEE-L", quantity: 1 }] });
    await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": "x" },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });
    const res = await app.call("POST", `/store/carts/${cartId}/lines`, {
      headers,
      body: { sku: "MUG-350", quantity: 1 },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("cart_not_open");
  });

  it("refuses to complete when the total moved since the shopper saw it", async () => {
    const { cartId, headers, cart } = await readyCart(app, { lines: [{ sku: "TEE-L", quantity: 1 }] });
    const res = await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": "pc" },
      body: {
        payment: { provider: "test", token: "tok_visa" },
        expectedTotal: { amount: cart.totals.total.amount - 1, currency: "USD" },
      },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("price_changed");
    expect(res.body.total).toEqual(cart.totals.total);
  });

  it("prices a EUR cart in euros", async () => {
    const { cart } = await readyCart(app, {
      currency: "EUR",
      lines: [{ sku: "HOODIE-FOREST", quantity: 1 }],
    });
    // Shipped to Illinois: 6.25 % sales tax added on the hoodie (462.5 → 463), none on shipping.
    expect(cart.totals.total).toEqual({ amount: 7400 + 490 + 463, currency: "EUR" });
  });
});
