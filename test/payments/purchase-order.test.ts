import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FixedClock } from "../../src/shared/clock.ts";
import { queryRows } from "../../src/shared/db/database.ts";
import { newEmail, register } from "../customers/customer-test-kit.ts";
import { readyCart, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { checkout, eventsOf, newKey, startOfflineApp, stockOf } from "./offline-payments-kit.ts";

describe.each(databaseKinds())("purchase orders on %s", (kind) => {
  let app: TestApp;
  let clock: FixedClock;
  let admin: Record<string, string>;
  beforeAll(async () => {
    ({ app, clock, admin } = await startOfflineApp(kind));
  });
  afterAll(async () => app?.close());

  const setTerms = (customerId: string, body: unknown) =>
    app.call("PUT", `/admin/customers/${customerId}/payment-terms`, { headers: admin, body });
  const terms = async (customerId: string) =>
    (await app.call("GET", `/admin/customers/${customerId}/payment-terms`, { headers: admin })).body;
  const usedCredit = async (customerId: string) => (await terms(customerId)).credit[0].used.amount;
  /** A registered business customer with purchase orders on and `limit` cents of USD credit. */
  const businessCustomer = async (limit: number, netDays = 30) => {
    const { customer, auth } = await register(app, newEmail("buyer"));
    const set = await setTerms(customer.id, {
      purchaseOrders: true,
      netDays,
      creditLimits: [{ amount: limit, currency: "USD" }],
    });
    expect(set.status).toBe(200);
    return { id: customer.id as string, auth };
  };
  /** A cart at review that belongs to the customer (as a signed-in shopper's cart does). */
  const customerCart = async (customerId: string, lines = [{ sku: "MUG-350", quantity: 1 }]) => {
    const cart = await readyCart(app, { lines });
    await queryRows(
      app.database.db,
      sql`update carts set customer_id = ${customerId} where id = ${cart.cartId}`,
    );
    return cart;
  };
  const completePo = (cart: { cartId: string; headers: Record<string, string> }, po = "PO-4711") =>
    app.call("POST", `/store/carts/${cart.cartId}/complete`, {
      headers: { ...cart.headers, "idempotency-key": newKey("po") },
      body: { payment: { provider: "purchase_order", purchaseOrderNumber: po } },
    });
  const markPaid = (orderId: string, amount: number) =>
    app.call("POST", `/admin/orders/${orderId}/payments/receipts`, {
      headers: { ...admin, "idempotency-key": newKey("inv") },
      body: { amount, receivedOn: "2030-03-20" },
    });

  it("places a signed-in business customer's order on invoice, due after its net days, and takes the credit", async () => {
    const buyer = await businessCustomer(1_000_000, 30);
    const { cartId, token, headers } = await readyCart(app);
    const linked = await app.call("POST", "/store/customers/me/cart", {
      headers: buyer.auth,
      body: { cartId, token },
    });
    expect(linked.status).toBe(200);
    const res = await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": newKey() },
      body: { payment: { provider: "purchase_order", purchaseOrderNumber: "PO-2030-017" } },
    });
    expect(res.status).toBe(200);
    expect(res.body.paymentStatus).toBe("awaiting_payment");
    expect(res.body.payment.instructions).toMatchObject({
      purchaseOrderNumber: "PO-2030-017",
      netDays: 30,
      dueOn: "2030-04-01",
      amount: res.body.totals.total,
    });
    expect(res.body.payment.instructions.reference).toMatch(/^RF\d+$/);
    expect(await usedCredit(buyer.id)).toBe(res.body.totals.total.amount);

    // The shopper reads the same terms by session, with the credit this order took.
    const mine = await app.call("GET", "/store/customers/me/payment-terms", { headers: buyer.auth });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ customerId: buyer.id, purchaseOrders: true, netDays: 30 });
    expect(mine.body.credit[0].available.amount).toBe(1_000_000 - res.body.totals.total.amount);
    expect((await app.call("GET", "/store/customers/me/payment-terms")).status).toBe(401);
    const { auth: other } = await register(app, newEmail("consumer"));
    const none = await app.call("GET", "/store/customers/me/payment-terms", { headers: other });
    expect(none.body).toMatchObject({ purchaseOrders: false, credit: [] });
  });

  it("gives the credit back when the invoice is paid, in part and in full", async () => {
    const buyer = await businessCustomer(1_000_000);
    const order = (await completePo(await customerCart(buyer.id))).body;
    const total = order.totals.total.amount;
    await markPaid(order.id, 1000);
    expect(await usedCredit(buyer.id)).toBe(total - 1000);
    const paid = await markPaid(order.id, total - 1000);
    expect(paid.body.paymentStatus).toBe("captured");
    expect(await usedCredit(buyer.id)).toBe(0);
    const received = (await eventsOf(app, "payment.received")).filter((e) => e.orderId === order.id);
    expect(received).toHaveLength(2);
  });

  it("gives the credit back when the order is cancelled", async () => {
    const buyer = await businessCustomer(1_000_000);
    const order = (await completePo(await customerCart(buyer.id))).body;
    expect(await usedCredit(buyer.id)).toBe(order.totals.total.amount);
    const cancelled = await app.call("POST", `/admin/orders/${order.id}/cancel`, {
      headers: admin,
      body: { reason: "buyer withdrew the PO" },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.paymentStatus).toBe("voided");
    expect(await usedCredit(buyer.id)).toBe(0);
  });

  it("refuses an order beyond the available credit, holding nothing", async () => {
    const buyer = await businessCustomer(500);
    const before = await stockOf(app, admin, "MUG-350");
    const cart = await customerCart(buyer.id);
    const res = await completePo(cart);
    expect(res.status).toBe(402);
    expect(res.body.code).toBe("credit_limit_exceeded");
    expect(res.body.available).toEqual({ amount: 500, currency: "USD" });
    expect(await stockOf(app, admin, "MUG-350")).toBe(before);
    expect(await usedCredit(buyer.id)).toBe(0);
    // The cart stays open: the shopper can pay another way.
    const card = await app.call("POST", `/store/carts/${cart.cartId}/complete`, {
      headers: { ...cart.headers, "idempotency-key": newKey() },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });
    expect(card.status).toBe(200);
  });

  it("never lets parallel checkouts pass the credit limit", { timeout: 120_000 }, async () => {
    const probe = await readyCart(app, { lines: [{ sku: "MUG-350", quantity: 1 }] });
    const total = probe.cart.totals.total.amount as number;
    const buyer = await businessCustomer(Math.floor(total * 2.5));
    const carts = await Promise.all(Array.from({ length: 6 }, () => customerCart(buyer.id)));
    const results = await Promise.all(carts.map((c, i) => completePo(c, `PO-P${i}`)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 402, 402, 402, 402]);
    expect(await usedCredit(buyer.id)).toBe(total * 2);
    expect((await terms(buyer.id)).credit[0].available.amount).toBe(Math.floor(total * 2.5) - total * 2);
  });

  it("refuses purchase orders from guests and from accounts not enabled for them", {
    timeout: 120_000,
  }, async () => {
    const guest = await checkout(app, { provider: "purchase_order", purchaseOrderNumber: "PO-1" });
    expect(guest.status).toBe(403);
    expect(guest.body.code).toBe("purchase_order_not_allowed");
    const { customer } = await register(app, newEmail("retail"));
    await setTerms(customer.id, {
      purchaseOrders: false,
      creditLimits: [{ amount: 1_000_000, currency: "USD" }],
    });
    const retail = await completePo(await customerCart(customer.id));
    expect(retail.status).toBe(403);
    const noCredit = await businessCustomer(1_000_000);
    const eur = await readyCart(app, { currency: "EUR" });
    await queryRows(
      app.database.db,
      sql`update carts set customer_id = ${noCredit.id} where id = ${eur.cartId}`,
    );
    const inEur = await completePo(eur);
    expect(inEur.status).toBe(402);
    expect(inEur.body.code).toBe("credit_limit_exceeded");
  });

  it("needs a purchase order number, and refuses bad payment terms with a 4xx", async () => {
    const buyer = await businessCustomer(1_000_000);
    const cart = await customerCart(buyer.id);
    const missing = await app.call("POST", `/store/carts/${cart.cartId}/complete`, {
      headers: { ...cart.headers, "idempotency-key": newKey() },
      body: { payment: { provider: "purchase_order" } },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe("payment.purchaseOrderNumber");
    expect((await completePo(cart, "<script>")).status).toBe(400);
    expect(await usedCredit(buyer.id)).toBe(0);

    expect((await setTerms(buyer.id, { purchaseOrders: true, netDays: 400 })).status).toBe(400);
    const twice = [
      { amount: 1, currency: "USD" },
      { amount: 2, currency: "USD" },
    ];
    expect((await setTerms(buyer.id, { purchaseOrders: true, creditLimits: twice })).status).toBe(400);
    expect(
      (await setTerms(buyer.id, { purchaseOrders: true, creditLimits: [{ amount: 1, currency: "XYZ" }] }))
        .status,
    ).toBe(400);
    expect((await setTerms("cus_missing", { purchaseOrders: true })).status).toBe(404);
    expect((await terms(buyer.id)).credit[0].creditLimit.amount).toBe(1_000_000);
    const noScope = await app.call("GET", `/admin/customers/${buyer.id}/payment-terms`);
    expect(noScope.status).toBe(401);
  });

  it("never cancels an unpaid invoice for being late", async () => {
    const buyer = await businessCustomer(1_000_000, 14);
    const order = (await completePo(await customerCart(buyer.id))).body;
    clock.advance(60 * 86_400_000);
    await app.sweep();
    const read = await app.call("GET", `/admin/orders/${order.id}`, { headers: admin });
    expect(read.body.status).toBe("placed");
    expect(read.body.paymentStatus).toBe("awaiting_payment");
    clock.set("2030-03-02T10:00:00Z");
  });
});
