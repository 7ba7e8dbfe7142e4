import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";

describe.each(databaseKinds())("cancelling an order on %s", (kind) => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp(kind);
    admin = { authorization: `Bearer ${app.apiKey}` };
  });
  afterAll(async () => app?.close());

  const stockOf = async (sku: string) =>
    (await app.call("GET", `/admin/inventory/${sku}`, { headers: admin })).body.onHand;
  const placeOrder = async (
    sku: string,
    quantity: number,
    prepare?: (cartId: string, headers: Record<string, string>) => Promise<void>,
  ) => {
    const { cartId, headers } = await readyCart(app, { lines: [{ sku, quantity }] });
    await prepare?.(cartId, headers);
    const res = await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": `k-${cartId}` },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });
    expect(res.status).toBe(200);
    return res.body;
  };
  const cancel = (orderId: string) =>
    app.call("POST", `/admin/orders/${orderId}/cancel`, {
      headers: admin,
      body: { reason: "customer asked" },
    });

  it("puts the stock back and voids the payment hold, once", async () => {
    const before = await stockOf("TEE-S");
    const order = await placeOrder("TEE-S", 3);
    expect(await stockOf("TEE-S")).toBe(before - 3);

    const res = await cancel(order.id);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("cancelled");
    expect(res.body.paymentStatus).toBe("voided");
    expect(res.body.timeline.map((t: { type: string }) => t.type)).toEqual(
      expect.arrayContaining(["placed", "cancelled", "payment_voided"]),
    );
    expect(await stockOf("TEE-S")).toBe(before);

    const again = await cancel(order.id);
    expect(again.status).toBe(200);
    expect(await stockOf("TEE-S")).toBe(before);
  });

  it("refunds what was captured", async () => {
    const order = await placeOrder("MUG-350", 1);
    const captured = await app.call("POST", `/admin/orders/${order.id}/payments/capture`, {
      headers: { ...admin, "idempotency-key": `cap-${order.id}` },
      body: {},
    });
    expect(captured.status).toBe(200);
    const res = await cancel(order.id);
    expect(res.body.paymentStatus).toBe("refunded");
    const payments = await app.call("GET", `/admin/orders/${order.id}/payments`, { headers: admin });
    expect(payments.body.payments[0].refunded).toEqual(order.totals.total);
  });

  it("gives back the gift card spend and the promotion use", async () => {
    await app.call("POST", "/admin/promotions", {
      headers: admin,
      body: {
        label: "One use",
        codes: ["ONCE"],
        usageLimit: 1,
        effect: { kind: "order_fixed", amounts: { USD: 100 } },
      },
    });
    const card = (
      await app.call("POST", "/admin/gift-cards", {
        headers: admin,
        body: { amount: { amount: 500, currency: "USD" } },
      })
    ).body;
    const order = await placeOrder("STICKERS-5", 1, async (cartId, headers) => {
      expect(
        (
          await app.call("POST", `/store/carts/${cartId}/promotion-codes`, {
            headers,
            body: { code: "ONCE" },
          })
        ).status,
      ).toBe(200);
      expect(
        (await app.call("PUT", `/store/carts/${cartId}/gift-card`, { headers, body: { code: card.code } }))
          .status,
      ).toBe(200);
    });
    expect(order.giftCard.amount.amount).toBe(500);
    await cancel(order.id);
    const balance = (await app.call("GET", `/admin/gift-cards/${card.id}`, { headers: admin })).body.balance
      .amount;
    expect(balance).toBe(500);
    // The single use is free again: another shopper can apply the code.
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    const reuse = await app.call("POST", `/store/carts/${cartId}/promotion-codes`, {
      headers,
      body: { code: "ONCE" },
    });
    expect(reuse.status).toBe(200);
  });

  it("answers 404 for an unknown order and needs the orders:write scope", async () => {
    expect((await cancel("ord_unknown")).status).toBe(404);
    const anonymous = await app.call("POST", "/admin/orders/ord_unknown/cancel", { body: { reason: "x" } });
    expect(anonymous.status).toBe(401);
  });
});
