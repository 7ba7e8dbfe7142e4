import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/shared/db/database.ts";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { carrierSecret, returnsKit } from "./returns-kit.ts";

describe.each(databaseKinds())("return and refund guarantees on %s", (kind) => {
  let app: TestApp;
  const kit = returnsKit(() => app);
  beforeAll(async () => {
    app = await startTestApp(kind, {}, { CARRIER_WEBHOOK_SECRET: carrierSecret });
  });
  afterAll(async () => app?.close());
  const admin = () => kit.admin();
  const count = async (table: string, orderId: string) => {
    const [row] = await queryRows<{ n: number }>(
      app.ctx.db,
      sql`select count(*)::int as n from ${sql.identifier(table)} where order_id = ${orderId}`,
    );
    return row!.n;
  };
  const paymentOf = async (orderId: string) =>
    (await app.call("GET", `/admin/orders/${orderId}/payments`, { headers: admin() })).body.payments[0];

  it("refuses to return more than was shipped and not yet returned, and writes nothing", async () => {
    const order = await kit.placeOrder([{ sku: "TEE-M", quantity: 3 }]);
    await kit.capture(order.id);
    // Nothing shipped yet: nothing can be returned.
    const unshipped = await kit.requestReturn(order, {
      lines: [{ sku: "TEE-M", quantity: 1 }],
      reason: "size_or_fit",
    });
    expect(unshipped.status).toBe(409);
    expect(unshipped.headers["content-type"]).toContain("application/problem+json");
    expect(unshipped.body).toMatchObject({
      code: "return_quantity_exceeds_returnable",
      returnable: { "TEE-M": 0 },
    });

    await kit.ship(order.id, [{ sku: "TEE-M", quantity: 2 }]);
    const tooMany = await kit.requestReturn(order, {
      lines: [{ sku: "TEE-M", quantity: 3 }],
      reason: "size_or_fit",
    });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.returnable).toEqual({ "TEE-M": 2 });

    const first = await kit.requestReturn(order, {
      lines: [{ sku: "TEE-M", quantity: 2 }],
      reason: "size_or_fit",
    });
    expect(first.status).toBe(201);
    const again = await kit.requestReturn(order, {
      lines: [{ sku: "TEE-M", quantity: 1 }],
      reason: "size_or_fit",
    });
    expect(again.status).toBe(409);
    expect(again.body.returnable).toEqual({ "TEE-M": 0 });

    const listed = await app.call("GET", `/store/orders/${order.id}/returns`, {
      headers: { "x-order-token": order.accessToken },
    });
    expect(listed.body.returnable).toEqual([{ sku: "TEE-M", title: expect.any(String), quantity: 0 }]);

    const notInOrder = await kit.requestReturn(order, {
      lines: [{ sku: "MUG-350", quantity: 1 }],
      reason: "other",
    });
    expect(notInOrder.status).toBe(422);
    expect(notInOrder.body.code).toBe("sku_not_in_order");
    expect(await count("returns", order.id)).toBe(1);

    // A cancelled return gives its units back.
    const cancelled = await app.call("POST", `/store/orders/${order.id}/returns/${first.body.id}/cancel`, {
      headers: { "x-order-token": order.accessToken },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe("cancelled");
    const afterCancel = await kit.requestReturn(order, {
      lines: [{ sku: "TEE-M", quantity: 2 }],
      reason: "other",
    });
    expect(afterCancel.status).toBe(201);
  });

  it("opens one return when the same units are requested in parallel", async () => {
    const { order } = await kit.shippedOrder([{ sku: "TEE-L", quantity: 1 }]);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        kit.requestReturn(order, { lines: [{ sku: "TEE-L", quantity: 1 }], reason: "no_longer_needed" }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await count("returns", order.id)).toBe(1);
  });

  it("refunds a return exactly once under parallel refund requests", async () => {
    const { order, lines } = await kit.shippedOrder([{ sku: "TEE-S", quantity: 2 }]);
    const returned = await kit.receivedReturn(order, [{ sku: "TEE-S", quantity: 1 }]);
    const line = lines[0]!;
    const results = await Promise.all(
      Array.from({ length: 6 }, () => kit.refund(returned.id, { method: "original_payment" })),
    );
    for (const r of results) expect([201, 409]).toContain(r.status);
    expect(results.some((r) => r.status === 201)).toBe(true);
    const payment = await paymentOf(order.id);
    expect(payment.refunds).toHaveLength(1);
    const perUnit = Math.floor((line.subtotal.amount - line.discount.amount) / 2);
    expect(payment.refunded.amount).toBeGreaterThanOrEqual(perUnit);
    expect(payment.refunded.amount).toBeLessThan(
      line.subtotal.amount - line.discount.amount + line.tax.amount,
    );
    const read = await app.call("GET", `/admin/returns/${returned.id}`, { headers: admin() });
    expect(read.body.status).toBe("refunded");
    expect(read.body.refund.amount.amount).toBe(payment.refunded.amount);
    expect(await count("return_refunds", order.id)).toBe(1);
    const [events] = await queryRows<{ n: number }>(
      app.ctx.db,
      sql`select count(*)::int as n from outbox where type = 'return.refunded' and aggregate_id = ${returned.id}`,
    );
    expect(events!.n).toBe(1);
  });

  it("refuses a refund above what is left captured, then refunds the return as store credit", async () => {
    const { order } = await kit.shippedOrder([{ sku: "MUG-350", quantity: 1 }]);
    const payment = await paymentOf(order.id);
    // The merchant already gave back all but one cent through the payment refund route.
    const manual = await app.call("POST", `/admin/orders/${order.id}/payments/refund`, {
      headers: { ...admin(), "idempotency-key": kit.key("manual") },
      body: { amount: payment.captured.amount - 1, reason: "goodwill" },
    });
    expect(manual.status).toBe(201);
    const returned = await kit.receivedReturn(order, [{ sku: "MUG-350", quantity: 1 }]);
    const refused = await kit.refund(returned.id, { method: "original_payment" });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("refund_exceeds_captured");
    expect(refused.body.refundable).toEqual({ amount: 1, currency: "USD" });
    const still = await app.call("GET", `/admin/returns/${returned.id}`, { headers: admin() });
    expect(still.body.status).toBe("received");
    expect(still.body.refund).toMatchObject({ status: "failed", failureReason: "refund_exceeds_captured" });
    expect((await paymentOf(order.id)).refunded.amount).toBe(payment.captured.amount - 1);

    const credit = await kit.refund(returned.id, { method: "store_credit" });
    expect(credit.status).toBe(201);
    expect(credit.body.status).toBe("refunded");
    expect(credit.body.refund).toMatchObject({ method: "store_credit", status: "succeeded" });
    const cards = await queryRows<{ kind: string; balance: number }>(
      app.ctx.db,
      sql`select kind, balance::int as balance from gift_cards where id = (
            select gift_card_id from return_refunds where return_id = ${returned.id} and status = 'succeeded')`,
    );
    expect(cards).toEqual([{ kind: "store_credit", balance: credit.body.refund.amount.amount }]);
  });

  it("answers bad input and wrong moves with problems and changes nothing", async () => {
    const { order } = await kit.shippedOrder([{ sku: "TEE-M", quantity: 1 }]);
    const badReason = await kit.requestReturn(order, {
      lines: [{ sku: "TEE-M", quantity: 1 }],
      reason: "meh",
    });
    expect(badReason.status).toBe(400);
    expect(badReason.body.code).toBe("validation_failed");
    const zero = await kit.requestReturn(order, { lines: [{ sku: "TEE-M", quantity: 0 }], reason: "other" });
    expect(zero.status).toBe(400);
    const wrongToken = await app.call("POST", `/store/orders/${order.id}/returns`, {
      headers: { "x-order-token": "ot_not-the-token-at-all", "idempotency-key": kit.key("x") },
      body: { lines: [{ sku: "TEE-M", quantity: 1 }], reason: "other" },
    });
    expect(wrongToken.status).toBe(404);
    expect(await count("returns", order.id)).toBe(0);

    const requested = await kit.requestReturn(order, {
      lines: [{ sku: "TEE-M", quantity: 1 }],
      reason: "other",
    });
    const id = requested.body.id as string;
    const early = await kit.receive(id, [{ sku: "TEE-M", disposition: "restock" }]);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: "return_transition_invalid", returnStatus: "requested" });
    const earlyRefund = await kit.refund(id, { method: "original_payment" });
    expect(earlyRefund.status).toBe(409);
    expect((await kit.approve(id)).status).toBe(200);
    const twice = await kit.approve(id);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe("return_transition_invalid");

    const stock = async () =>
      (await app.call("GET", "/admin/inventory/TEE-M", { headers: admin() })).body.onHand as number;
    const before = await stock();
    const unknownSku = await kit.receive(id, [{ sku: "MUG-350", disposition: "restock" }]);
    expect(unknownSku.status).toBe(400);
    expect(unknownSku.body.errors[0]).toMatchObject({ field: "lines.0.sku", code: "not_in_return" });
    const tooMany = await kit.receive(id, [{ sku: "TEE-M", quantity: 2, disposition: "restock" }]);
    expect(tooMany.status).toBe(400);
    expect(await stock()).toBe(before);
    const read = await app.call("GET", `/admin/returns/${id}`, { headers: admin() });
    expect(read.body.status).toBe("approved");

    // Written off: it arrives, but does not go back on the shelf.
    const received = await kit.receive(id, [{ sku: "TEE-M", disposition: "write_off" }]);
    expect(received.status).toBe(200);
    expect(await stock()).toBe(before);
    const tooMuch = await kit.refund(id, { method: "original_payment", amount: 1_000_000 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe("refund_exceeds_returned");
    expect(await count("return_refunds", order.id)).toBe(0);
    const rejected = await app.call("POST", `/admin/returns/${id}/reject`, {
      headers: admin(),
      body: { reason: "late" },
    });
    expect(rejected.status).toBe(409);
    const unknown = await app.call("GET", "/admin/returns/ret_nope", { headers: admin() });
    expect(unknown.status).toBe(404);
  });

  it("opens an order's returns by order number and email, and not with another email", async () => {
    const { order } = await kit.shippedOrder([{ sku: "TEE-M", quantity: 1 }]);
    const byNumber = (email: string) =>
      app.call("POST", `/store/orders/${order.number}/returns`, {
        headers: { "x-order-email": email, "idempotency-key": kit.key("n") },
        body: { lines: [{ sku: "TEE-M", quantity: 1 }], reason: "wrong_item" },
      });
    expect((await byNumber("eve@example.com")).status).toBe(404);
    const opened = await byNumber("ADA@example.com");
    expect(opened.status).toBe(201);
    const listed = await app.call("GET", `/store/orders/${order.number}/returns`, {
      headers: { "x-order-email": "ada@example.com" },
    });
    expect(listed.body.returns.map((r: { id: string }) => r.id)).toEqual([opened.body.id]);
    const rejected = await app.call("POST", `/admin/returns/${opened.body.id}/reject`, {
      headers: admin(),
      body: { reason: "Worn items cannot be returned" },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: "rejected",
      rejectionReason: "Worn items cannot be returned",
    });
    const filtered = await app.call("GET", `/admin/returns?status=rejected&orderId=${order.id}`, {
      headers: admin(),
    });
    expect(filtered.body.returns.map((r: { id: string }) => r.id)).toEqual([opened.body.id]);
  });

  it("refunds an order paid partly by gift card to the card first and the rest back on the gift card, once", async () => {
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "TEE-M", quantity: 2 }] });
    const priced = await app.call("GET", `/store/carts/${cartId}`, { headers });
    const total = priced.body.totals.total.amount as number;
    // Half on the card: more than one tee's refund, less than both with the shipping.
    const cardCharge = Math.ceil(total / 2);
    const issued = await app.call("POST", "/admin/gift-cards", {
      headers: admin(),
      body: { amount: { amount: total - cardCharge, currency: "USD" } },
    });
    expect(issued.status).toBe(201);
    const giftCard = issued.body as { id: string; code: string };
    const applied = await app.call("PUT", `/store/carts/${cartId}/gift-card`, {
      headers,
      body: { code: giftCard.code },
    });
    expect(applied.body.amountDue).toEqual({ amount: cardCharge, currency: "USD" });
    const placed = await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": kit.key("gc") },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });
    expect(placed.status).toBe(200);
    const order = placed.body;
    await kit.capture(order.id);
    await kit.ship(order.id, [{ sku: "TEE-M", quantity: 2 }]);
    const balance = async () =>
      (await app.call("GET", `/admin/gift-cards/${giftCard.id}`, { headers: admin() })).body.balance.amount;
    expect(await balance()).toBe(0);

    // One tee back: it fits on the card payment, the gift card gets nothing.
    const first = await kit.receivedReturn(order, [{ sku: "TEE-M", quantity: 1 }]);
    const firstRefund = await kit.refund(first.id, { method: "original_payment" });
    expect(firstRefund.status).toBe(201);
    const teeAmount = firstRefund.body.refund.amount.amount as number;
    expect(teeAmount).toBeLessThanOrEqual(cardCharge);
    expect(firstRefund.body.refund.toGiftCard).toEqual({ amount: 0, currency: "USD" });
    expect(await balance()).toBe(0);

    // The other tee and the shipping: the card takes what is left of its charge, the gift card the rest.
    const second = await kit.receivedReturn(order, [{ sku: "TEE-M", quantity: 1 }]);
    const key = kit.key("gc-refund");
    const [a, b] = await Promise.all([
      kit.refund(second.id, { method: "original_payment", includeShipping: true }, key),
      kit.refund(second.id, { method: "original_payment", includeShipping: true }, kit.key("gc-other")),
    ]);
    const done = [a, b].find((r) => r.status === 201)!;
    expect(done, JSON.stringify([a.body, b.body])).toBeDefined();
    const amount = done.body.refund.amount.amount as number;
    expect(teeAmount + amount).toBe(total);
    const toGiftCard = done.body.refund.toGiftCard.amount as number;
    expect(toGiftCard).toBe(amount - (cardCharge - teeAmount));
    expect(await balance()).toBe(toGiftCard);
    const payment = await paymentOf(order.id);
    expect(payment.refunded.amount).toBe(cardCharge);
    expect(payment.status).toBe("refunded");
    const read = await app.call("GET", `/admin/returns/${second.id}`, { headers: admin() });
    expect(read.body.status).toBe("refunded");
    // Card and gift card together gave back exactly what was paid: nothing more is refundable.
    const ledger = (await app.call("GET", `/admin/gift-cards/${giftCard.id}`, { headers: admin() })).body
      .ledger as { kind: string; amount: { amount: number } | number }[];
    expect(ledger.filter((e) => e.kind === "credit")).toHaveLength(1);
  });

  it("refunds exactly the order total when everything comes back in pieces, and the order reads refunded", async () => {
    const { order } = await kit.shippedOrder([
      { sku: "TEE-M", quantity: 3 },
      { sku: "MUG-350", quantity: 1 },
    ]);
    const first = await kit.receivedReturn(order, [{ sku: "TEE-M", quantity: 1 }]);
    const one = await kit.refund(first.id, { method: "original_payment" });
    expect(one.status).toBe(201);
    const rest = await kit.receivedReturn(order, [
      { sku: "TEE-M", quantity: 2 },
      { sku: "MUG-350", quantity: 1 },
    ]);
    const two = await kit.refund(rest.id, { method: "original_payment", includeShipping: true });
    expect(two.status).toBe(201);
    expect(one.body.refund.amount.amount + two.body.refund.amount.amount).toBe(order.totals.total.amount);
    const payment = await paymentOf(order.id);
    expect(payment.status).toBe("refunded");
    expect(payment.refunded.amount).toBe(order.totals.total.amount);
    const read = await app.call("GET", `/admin/orders/${order.id}`, { headers: admin() });
    expect(read.body.paymentStatus).toBe("refunded");
    expect(read.body.timeline.map((t: { type: string }) => t.type)).toEqual(
      expect.arrayContaining(["payment_partially_refunded", "payment_refunded"]),
    );
  });

  it("refunds part of a return with shipping, tax in proportion, shipping only once per order", async () => {
    const { order } = await kit.shippedOrder([
      { sku: "TEE-M", quantity: 1 },
      { sku: "MUG-350", quantity: 1 },
    ]);
    const tee = await kit.receivedReturn(order, [{ sku: "TEE-M", quantity: 1 }]);
    const full = await kit.refund(tee.id, { method: "gift_card", includeShipping: true, amount: 500 });
    expect(full.status).toBe(201);
    expect(full.body.refund).toMatchObject({
      amount: { amount: 500 },
      includesShipping: true,
      method: "gift_card",
    });
    const note = await app.server.inject({
      method: "GET",
      url: `/admin/returns/${tee.id}/credit-note.pdf`,
      headers: admin(),
    });
    expect(note.statusCode).toBe(200);
    const [stored] = await queryRows<{
      note: { net: number; tax: number; total: number; taxes: { amount: number }[] };
    }>(
      app.ctx.db,
      sql`select credit_note as note from return_refunds where return_id = ${tee.id} and status = 'succeeded'`,
    );
    expect(stored!.note.total).toBe(500);
    expect(stored!.note.net + stored!.note.tax).toBe(500);
    expect(stored!.note.taxes.reduce((a, t) => a + t.amount, 0)).toBe(stored!.note.tax);
    expect(stored!.note.tax).toBeGreaterThan(0);

    const mug = await kit.receivedReturn(order, [{ sku: "MUG-350", quantity: 1 }]);
    const secondShipping = await kit.refund(mug.id, { method: "original_payment", includeShipping: true });
    expect(secondShipping.status).toBe(409);
    expect(secondShipping.body.code).toBe("shipping_already_refunded");
  });
});
