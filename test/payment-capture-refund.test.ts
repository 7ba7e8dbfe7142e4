import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/shared/db/database.ts";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";

describe.each(databaseKinds())("capture and refund through the Admin API on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => app?.close());

  const admin = (key?: string) => ({
    authorization: `Bearer ${app.apiKey}`,
    ...(key ? { "idempotency-key": key } : {}),
  });
  let seq = 0;
  /** A placed order for one sticker pack; its total (with shipping and tax) is what gets authorized. */
  const placeOrder = async () => {
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    const res = await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": `order-${++seq}` },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });
    expect(res.status).toBe(200);
    return res.body as { id: string; totals: { total: { amount: number } } };
  };
  const capture = (orderId: string, key: string, body?: unknown) =>
    app.call("POST", `/admin/orders/${orderId}/payments/capture`, { headers: admin(key), body: body ?? {} });
  const refund = (orderId: string, key: string, amount: number) =>
    app.call("POST", `/admin/orders/${orderId}/payments/refund`, {
      headers: admin(key),
      body: { amount, reason: "customer request" },
    });

  it("captures part of an authorization and mirrors it on the order with a timeline entry and an event", async () => {
    const order = await placeOrder();
    const res = await capture(order.id, "cap-1", { amount: 800 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: "captured",
      authorized: { amount: order.totals.total.amount, currency: "USD" },
      captured: { amount: 800, currency: "USD" },
    });
    expect(res.body.transactions.map((t: { kind: string }) => t.kind)).toEqual(["authorize", "capture"]);
    const read = await app.call("GET", `/admin/orders/${order.id}`, { headers: admin() });
    expect(read.body.paymentStatus).toBe("captured");
    expect(read.body.timeline.map((t: { type: string }) => t.type)).toContain("payment_captured");
    const events = await queryRows<{ type: string }>(
      app.database.db,
      sql`select type from outbox where type = 'payment.captured' and payload->>'orderId' = ${order.id}`,
    );
    expect(events).toHaveLength(1);
  });

  it("refuses to capture more than was authorized and does not capture twice", async () => {
    const order = await placeOrder();
    const tooMuch = await capture(order.id, "cap-2a", { amount: order.totals.total.amount + 1 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe("amount_exceeds_authorized");
    expect((await capture(order.id, "cap-2b")).body.captured.amount).toBe(order.totals.total.amount);
    const again = await capture(order.id, "cap-2c", { amount: 500 });
    expect(again.status).toBe(200);
    expect(again.body.captured.amount).toBe(order.totals.total.amount);
    expect(again.body.transactions.filter((t: { kind: string }) => t.kind === "capture")).toHaveLength(1);
  });

  it("refunds partially, then fully, and refuses anything beyond what was captured", async () => {
    const order = await placeOrder();
    await capture(order.id, "cap-3");
    const part = await refund(order.id, "re-3a", 400);
    expect(part.status).toBe(201);
    expect(part.body).toMatchObject({ status: "partially_refunded", refunded: { amount: 400 } });
    const rest = order.totals.total.amount - 400;
    const over = await refund(order.id, "re-3b", rest + 1);
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: "refund_exceeds_captured", refundable: { amount: rest } });
    const last = await refund(order.id, "re-3c", rest);
    expect(last.body).toMatchObject({ status: "refunded", refunded: { amount: order.totals.total.amount } });
    const read = await app.call("GET", `/admin/orders/${order.id}`, { headers: admin() });
    expect(read.body.paymentStatus).toBe("refunded");
    const history = await app.call("GET", `/admin/orders/${order.id}/payments`, { headers: admin() });
    expect(history.body.payments[0].refunds.map((r: { status: string }) => r.status)).toEqual([
      "succeeded",
      "succeeded",
    ]);
  });

  it("replays a refund sent twice with the same Idempotency-Key instead of refunding twice", async () => {
    const order = await placeOrder();
    await capture(order.id, "cap-4");
    const first = await refund(order.id, "re-4", 300);
    const second = await refund(order.id, "re-4", 300);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(second.body).toEqual(first.body);
    expect(first.body.refunds).toHaveLength(1);
  });

  it("refuses a refund before capture", async () => {
    const order = await placeOrder();
    const res = await refund(order.id, "re-5", 100);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("payment_not_refundable");
  });

  it("never refunds more than was captured when refunds race (G8)", async () => {
    const order = await placeOrder();
    await capture(order.id, "cap-6");
    const share = Math.floor(order.totals.total.amount / 4.5); // 4 fit, a 5th does not
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => refund(order.id, `race-${i}`, share)),
    );
    const succeeded = results.filter((r) => r.status === 201);
    expect(succeeded).toHaveLength(4); // 4 × share ≤ total < 5 × share
    expect(
      results.filter((r) => r.status === 409).every((r) => r.body.code === "refund_exceeds_captured"),
    ).toBe(true);
    const [payment] = await queryRows<{ captured: string; refunded: string; status: string }>(
      app.database.db,
      sql`select captured_amount as captured, refunded_amount as refunded, status from payments where order_id = ${order.id}`,
    );
    expect(Number(payment!.refunded)).toBe(4 * share);
    const [ledger] = await queryRows<{ refunded: string }>(
      app.database.db,
      sql`select c.refunded_amount as refunded from payments_test_processor_charges c
          join payments p on p.provider_reference = c.reference where p.order_id = ${order.id}`,
    );
    expect(Number(ledger!.refunded)).toBe(4 * share);
  });

  it("refuses to move money without an Admin API key", async () => {
    const res = await app.call("POST", "/admin/orders/ord_x/payments/refund", {
      headers: { "idempotency-key": "k" },
      body: { amount: 1, reason: "x" },
    });
    expect(res.status).toBe(401);
  });
});
