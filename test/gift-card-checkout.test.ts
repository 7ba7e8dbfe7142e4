import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";

describe.each(databaseKinds())("gift cards as tender at checkout on %s", (kind) => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp(kind);
    admin = { authorization: `Bearer ${app.apiKey}` };
  });
  afterAll(async () => app?.close());

  const issue = async (amount: number) => {
    const res = await app.call("POST", "/admin/gift-cards", {
      headers: admin,
      body: { amount: { amount, currency: "USD" } },
    });
    expect(res.status).toBe(201);
    return res.body as { id: string; code: string };
  };
  const balanceOf = async (id: string) =>
    (await app.call("GET", `/admin/gift-cards/${id}`, { headers: admin })).body.balance.amount;
  const complete = (cartId: string, headers: Record<string, string>, key: string, token = "tok_visa") =>
    app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": key },
      body: { payment: { provider: "test", token } },
    });

  it("pays part of an order with a gift card and charges the rest to the card", async () => {
    const card = await issue(1_000);
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "MUG-350", quantity: 1 }] });
    const applied = await app.call("PUT", `/store/carts/${cartId}/gift-card`, {
      headers,
      body: { code: card.code },
    });
    expect(applied.status).toBe(200);
    const total = applied.body.totals.total.amount;
    expect(applied.body.giftCard.applied).toEqual({ amount: 1_000, currency: "USD" });
    expect(applied.body.amountDue).toEqual({ amount: total - 1_000, currency: "USD" });

    const order = await complete(cartId, headers, "gc-1");
    expect(order.status).toBe(200);
    expect(order.body.totals.total.amount).toBe(total);
    expect(order.body.giftCard).toEqual({
      codeHint: expect.any(String),
      amount: { amount: 1_000, currency: "USD" },
    });
    expect(order.body.amountCharged).toEqual({ amount: total - 1_000, currency: "USD" });
    expect(await balanceOf(card.id)).toBe(0);
    const payments = await app.call("GET", `/admin/orders/${order.body.id}/payments`, { headers: admin });
    expect(payments.body.payments[0].authorized).toEqual({ amount: total - 1_000, currency: "USD" });
  });

  it("places an order fully paid by a gift card without asking the payment provider", async () => {
    const card = await issue(100_000);
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    await app.call("PUT", `/store/carts/${cartId}/gift-card`, { headers, body: { code: card.code } });
    // A declining card token proves the provider is never asked.
    const order = await complete(cartId, headers, "gc-2", "tok_chargeDeclined");
    expect(order.status).toBe(200);
    expect(order.body.amountCharged.amount).toBe(0);
    expect(order.body.paymentStatus).toBe("captured");
    expect(await balanceOf(card.id)).toBe(100_000 - order.body.totals.total.amount);
  });

  it("gives the held balance back when the card payment for the rest is declined", async () => {
    const card = await issue(500);
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "MUG-350", quantity: 1 }] });
    await app.call("PUT", `/store/carts/${cartId}/gift-card`, { headers, body: { code: card.code } });
    const declined = await complete(cartId, headers, "gc-3", "tok_chargeDeclined");
    expect(declined.status).toBe(402);
    expect(await balanceOf(card.id)).toBe(500);
  });

  it("never spends a balance twice when carts sharing a card check out in parallel (G12)", async () => {
    const card = await issue(2_000);
    const carts = [];
    for (let i = 0; i < 6; i++) {
      const ready = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
      await app.call("PUT", `/store/carts/${ready.cartId}/gift-card`, {
        headers: ready.headers,
        body: { code: card.code },
      });
      carts.push(ready);
    }
    const results = await Promise.all(carts.map((c, i) => complete(c.cartId, c.headers, `gc-race-${i}`)));
    const paidByCard = results
      .filter((r) => r.status === 200)
      .reduce((sum, r) => sum + (r.body.giftCard?.amount.amount ?? 0), 0);
    expect(paidByCard).toBe(2_000);
    expect(await balanceOf(card.id)).toBe(0);
    const ledger = (await app.call("GET", `/admin/gift-cards/${card.id}`, { headers: admin })).body.ledger;
    const held = ledger
      .filter((e: { kind: string }) => e.kind === "hold")
      .reduce(
        (s: number, e: { amount: { amount: number } | number }) =>
          s + (typeof e.amount === "number" ? e.amount : e.amount.amount),
        0,
      );
    expect(held).toBe(2_000);
  });

  it("refuses an unknown gift card code with a problem", async () => {
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "MUG-350", quantity: 1 }] });
    const res = await app.call("PUT", `/store/carts/${cartId}/gift-card`, {
      headers,
      body: { code: "GC-0000-0000-0000-0000" },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("gift_card_not_found");
  });
});
