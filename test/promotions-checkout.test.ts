import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";
import { pdfTextRuns, valueAfter } from "./support/pdf-text.ts";

describe.each(databaseKinds())("promotions through cart and checkout on %s", (kind) => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp(kind);
    admin = { authorization: `Bearer ${app.apiKey}` };
  });
  afterAll(async () => app?.close());

  const createPromotion = async (body: Record<string, unknown>) => {
    const res = await app.call("POST", "/admin/promotions", { headers: admin, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  };
  const complete = (cartId: string, headers: Record<string, string>, key: string, expectedTotal?: unknown) =>
    app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": key },
      body: { payment: { provider: "test", token: "tok_visa" }, ...(expectedTotal ? { expectedTotal } : {}) },
    });

  it("explains a code's discount on the cart and carries the same numbers to the order", async () => {
    await createPromotion({
      label: "10 % off",
      codes: ["TENOFF"],
      effect: { kind: "order_percentage", ratePpm: 100_000 },
    });
    const {
      cartId,
      headers,
      cart: before,
    } = await readyCart(app, { lines: [{ sku: "HOODIE-FOREST", quantity: 1 }] });
    const res = await app.call("POST", `/store/carts/${cartId}/promotion-codes`, {
      headers,
      body: { code: "tenoff" },
    });
    expect(res.status).toBe(200);
    const cart = res.body;
    expect(cart.promotions.applied).toEqual([
      expect.objectContaining({
        code: "tenoff",
        label: "10 % off",
        amount: { amount: 790, currency: "USD" },
      }),
    ]);
    expect(cart.totals.discountTotal.amount).toBe(790);
    // Tax is charged on the discounted amount (Illinois 6.25 %, shipping untaxed there).
    expect(cart.totals.taxTotal.amount).toBeLessThan(before.totals.taxTotal.amount);
    const { subtotal, discountTotal, shippingTotal, taxTotal, total } = cart.totals;
    expect(total.amount).toBe(
      subtotal.amount - discountTotal.amount + shippingTotal.amount + taxTotal.amount,
    );

    const order = await complete(cartId, headers, "promo-1");
    expect(order.status).toBe(200);
    expect(order.body.totals).toEqual(cart.totals);
    expect(order.body.promotions).toEqual([
      expect.objectContaining({ code: "tenoff", amount: { amount: 790, currency: "USD" } }),
    ]);
    expect(order.body.lines[0].discount).toEqual({ amount: 790, currency: "USD" });
  });

  it("refuses a code that does not apply, says why, and keeps nothing", async () => {
    await createPromotion({
      label: "5 off over 500",
      codes: ["BIGSPEND"],
      conditions: { minimumSubtotal: { USD: 50_000 } },
      effect: { kind: "order_fixed", amounts: { USD: 500 } },
    });
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "MUG-350", quantity: 1 }] });
    const res = await app.call("POST", `/store/carts/${cartId}/promotion-codes`, {
      headers,
      body: { code: "BIGSPEND" },
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: "promotion_code_rejected", reason: "minimum_not_met" });
    const unknown = await app.call("POST", `/store/carts/${cartId}/promotion-codes`, {
      headers,
      body: { code: "NOPE" },
    });
    expect(unknown.body).toMatchObject({ code: "promotion_code_rejected", reason: "not_found" });
    const cart = await app.call("GET", `/store/carts/${cartId}`, { headers });
    expect(cart.body.promotions.codes).toEqual([]);
  });

  it("takes free shipping off the shipping total", async () => {
    await createPromotion({ label: "Free shipping", codes: ["SHIPFREE"], effect: { kind: "free_shipping" } });
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 2 }] });
    const res = await app.call("POST", `/store/carts/${cartId}/promotion-codes`, {
      headers,
      body: { code: "SHIPFREE" },
    });
    expect(res.body.totals.shippingTotal.amount).toBe(0);
    const removed = await app.call("DELETE", `/store/carts/${cartId}/promotion-codes/shipfree`, { headers });
    expect(removed.body.totals.shippingTotal.amount).toBe(500);
  });

  it("shows free shipping on the order status page as the shipping it took off, once", async () => {
    await createPromotion({ label: "Ships free", codes: ["NOPOST"], effect: { kind: "free_shipping" } });
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    await app.call("POST", `/store/carts/${cartId}/promotion-codes`, { headers, body: { code: "NOPOST" } });
    const order = await complete(cartId, headers, `shipfree-${cartId}`);
    expect(order.status).toBe(200);
    expect(order.body.promotions).toMatchObject([{ amount: { amount: 500 }, shipping: { amount: 500 } }]);
    const status = await app.call("GET", `/store/orders/${order.body.id}`, {
      headers: { "x-order-token": order.body.accessToken },
    });
    expect(status.body.promotions).toEqual([
      { label: "Ships free", amount: { amount: 500, currency: "USD" } },
    ]);
    // The receipt says the same: the promotion took the $5.00 shipping off once, not twice.
    const receipt = await app.server.inject({
      method: "GET",
      url: `/store/orders/${order.body.id}/receipt.pdf`,
      headers: { "x-order-token": order.body.accessToken },
    });
    expect(valueAfter(await pdfTextRuns(receipt.rawPayload), "Ships free (NOPOST)")).toBe("-$5.00");
  });

  it("never lets parallel checkouts use a code more often than its limit (G11)", async () => {
    await createPromotion({
      label: "First three",
      codes: ["ONLY3"],
      usageLimit: 3,
      effect: { kind: "order_fixed", amounts: { USD: 100 } },
    });
    const carts = [];
    for (let i = 0; i < 8; i++) {
      const ready = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
      const res = await app.call("POST", `/store/carts/${ready.cartId}/promotion-codes`, {
        headers: ready.headers,
        body: { code: "ONLY3" },
      });
      expect(res.status).toBe(200);
      carts.push({ ...ready, total: res.body.totals.total });
    }
    // Each shopper confirms the discounted total they saw. Racing past the limit is refused at
    // redemption (usage_limit_reached); arriving after it, re-pricing drops the code (price_changed).
    const results = await Promise.all(
      carts.map((c, i) => complete(c.cartId, c.headers, `race-${i}`, c.total)),
    );
    const discounted = results.filter((r) => r.status === 200 && r.body.totals.discountTotal.amount === 100);
    const refused = results.filter(
      (r) => r.status === 409 && ["usage_limit_reached", "price_changed"].includes(r.body.code),
    );
    expect(discounted).toHaveLength(3);
    expect(refused).toHaveLength(5);
    // A refused shopper's cart is open again, and the stale code is now explained as used up.
    const reread = await app.call("GET", `/store/carts/${carts[results.indexOf(refused[0]!)]!.cartId}`, {
      headers: carts[results.indexOf(refused[0]!)]!.headers,
    });
    expect(reread.body.status).toBe("open");
    expect(reread.body.promotions.rejected).toEqual([{ code: "ONLY3", reason: "usage_limit_reached" }]);
  });
});
