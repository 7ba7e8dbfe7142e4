import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findVariantIdBySku } from "../../src/modules/catalog/index.ts";
import { createTestCarrier } from "../../src/modules/fulfillment/index.ts";
import { queryRows } from "../../src/shared/db/database.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { carrierSecret, returnsKit } from "./returns-kit.ts";

// The tests share one app and its stock; each works on its own order, and the one that changes a
// price runs last.
describe.each(databaseKinds())("exchanges on %s", (kind) => {
  let app: TestApp;
  const kit = returnsKit(() => app);
  /** Runs while the carrier issues a label: between approval's stock check and its transaction. */
  let duringLabel: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const carrier = createTestCarrier({ originCountry: "US" });
    const racing = {
      name: carrier.name,
      trackingUrl: carrier.trackingUrl.bind(carrier),
      async createLabel(request: Parameters<typeof carrier.createLabel>[0]) {
        await duringLabel?.();
        return carrier.createLabel(request);
      },
    };
    app = await startTestApp(kind, { carriers: { test: racing } }, { CARRIER_WEBHOOK_SECRET: carrierSecret });
  });
  afterAll(async () => app?.close());

  const stock = async (sku: string) => {
    const res = await app.call("GET", `/admin/inventory/${sku}`, { headers: kit.admin() });
    expect(res.status).toBe(200);
    return { onHand: res.body.onHand as number, reserved: res.body.reserved as number };
  };
  const setAvailable = async (sku: string, available: number) => {
    const now = await stock(sku);
    const delta = available - (now.onHand - now.reserved);
    if (delta === 0) return;
    const res = await app.call("POST", `/admin/inventory/${sku}/adjustments`, {
      headers: kit.admin(),
      body: { delta, reason: "count" },
    });
    expect(res.status).toBe(200);
  };
  const exchangeOrders = async (returnId: string) =>
    queryRows<{ id: string; total: string }>(
      app.ctx.db,
      sql`select id, total::text from orders where cart_id = ${`exchange:${returnId}`}`,
    );
  const exchangeRequest = (forSku: string, ifOutOfStock?: "refund" | "refuse") => ({
    lines: [
      { sku: "TEE-M", quantity: 1, exchange: { sku: forSku, ...(ifOutOfStock ? { ifOutOfStock } : {}) } },
    ],
    reason: "size_or_fit",
  });

  it("replaces a received tee with another size at no charge, restocks it and refunds nothing", async () => {
    const { order } = await kit.shippedOrder([{ sku: "TEE-M", quantity: 2 }]);
    const requested = await kit.requestReturn(order, exchangeRequest("TEE-L"));
    expect(requested.status).toBe(201);
    expect(requested.body.lines[0].exchange).toEqual({ sku: "TEE-L", title: expect.stringContaining("L") });

    const teeL = await stock("TEE-L");
    const approved = await kit.approve(requested.body.id);
    expect(approved.status).toBe(200);
    expect(await stock("TEE-L")).toEqual({ onHand: teeL.onHand, reserved: teeL.reserved + 1 });

    const teeM = await stock("TEE-M");
    const received = await kit.receive(requested.body.id, [{ sku: "TEE-M", disposition: "restock" }]);
    expect(received.status).toBe(200);
    expect(await stock("TEE-M")).toEqual({ onHand: teeM.onHand + 1, reserved: teeM.reserved });
    expect(await stock("TEE-L")).toEqual({ onHand: teeL.onHand - 1, reserved: teeL.reserved });

    const replacement = received.body.replacementOrder;
    expect(replacement).toEqual({ id: expect.any(String), number: expect.any(String) });
    expect(replacement.number).not.toBe(order.number);
    const read = await app.call("GET", `/admin/orders/${replacement.id}`, { headers: kit.admin() });
    expect(read.status).toBe(200);
    expect(read.body.totals.total.amount).toBe(0);
    expect(read.body.paymentStatus).toBe("captured");
    expect(read.body.lines).toMatchObject([{ sku: "TEE-L", quantity: 1, unitPrice: { amount: 0 } }]);

    // Linked both ways and published like any order.
    const links = await queryRows<{ orderId: string; type: string; data: Record<string, unknown> }>(
      app.ctx.db,
      sql`select order_id as "orderId", type, data from order_timeline
          where type in ('exchange_replacement', 'exchange_order_placed') and data->>'returnId' = ${requested.body.id}`,
    );
    expect(links).toHaveLength(2);
    expect(links.find((l) => l.type === "exchange_replacement")).toMatchObject({
      orderId: replacement.id,
      data: { originalOrderId: order.id },
    });
    expect(links.find((l) => l.type === "exchange_order_placed")).toMatchObject({
      orderId: order.id,
      data: { replacementOrderId: replacement.id },
    });
    const [placed] = await queryRows<{ n: number }>(
      app.ctx.db,
      sql`select count(*)::int as n from outbox where type = 'order.placed' and aggregate_id = ${replacement.id}`,
    );
    expect(placed!.n).toBe(1);
    // The confirmation email is written from it like any order's (nothing dead-lettered).
    await kit.drainEvents();
    const [mail] = await queryRows<{ n: number }>(
      app.ctx.db,
      sql`select count(*)::int as n from outbox
          where aggregate_id = ${replacement.id} and (dispatched_at is null or attempts > 0)`,
    );
    expect(mail!.n).toBe(0);
    // Fulfilment ships it from the held (now sold) units like any order.
    await kit.ship(replacement.id, [{ sku: "TEE-L", quantity: 1 }]);

    const refund = await kit.refund(requested.body.id, { method: "original_payment" });
    expect(refund.status).toBe(422);
    expect(refund.body.code).toBe("nothing_to_refund");
    const payments = await app.call("GET", `/admin/orders/${order.id}/payments`, { headers: kit.admin() });
    expect(payments.body.payments[0].refunded.amount).toBe(0);
  });

  it("creates one replacement order when the exchange is approved and received twice at once", async () => {
    const { order } = await kit.shippedOrder([{ sku: "TEE-M", quantity: 1 }]);
    const requested = await kit.requestReturn(order, exchangeRequest("TEE-L"));
    expect(requested.status).toBe(201);
    const teeL = await stock("TEE-L");
    const approvals = await Promise.all([kit.approve(requested.body.id), kit.approve(requested.body.id)]);
    expect(approvals.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(approvals.find((a) => a.status === 409)!.body.code).toBe("return_transition_invalid");
    expect(await stock("TEE-L")).toEqual({ onHand: teeL.onHand, reserved: teeL.reserved + 1 });

    const lines = [{ sku: "TEE-M", disposition: "restock" }];
    const receipts = await Promise.all([
      kit.receive(requested.body.id, lines),
      kit.receive(requested.body.id, lines),
    ]);
    expect(receipts.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await exchangeOrders(requested.body.id)).toEqual([
      { id: receipts.find((r) => r.status === 200)!.body.replacementOrder.id, total: "0" },
    ]);
    expect(await stock("TEE-L")).toEqual({ onHand: teeL.onHand - 1, reserved: teeL.reserved });
  });

  it("gives the held replacement back when the shopper cancels the approved exchange", async () => {
    const { order } = await kit.shippedOrder([{ sku: "TEE-M", quantity: 1 }]);
    const requested = await kit.requestReturn(order, exchangeRequest("TEE-L"));
    const teeL = await stock("TEE-L");
    expect((await kit.approve(requested.body.id)).status).toBe(200);
    expect((await stock("TEE-L")).reserved).toBe(teeL.reserved + 1);
    const cancelled = await app.call(
      "POST",
      `/store/orders/${order.id}/returns/${requested.body.id}/cancel`,
      {
        headers: { "x-order-token": order.accessToken },
      },
    );
    expect(cancelled.status).toBe(200);
    expect(await stock("TEE-L")).toEqual(teeL);
  });

  it("refuses an exchange for an out-of-stock size and writes nothing", async () => {
    const { order } = await kit.shippedOrder([{ sku: "TEE-M", quantity: 1 }]);
    await setAvailable("TEE-S", 0);
    const refused = await kit.requestReturn(order, exchangeRequest("TEE-S"));
    expect(refused.status).toBe(409);
    expect(refused.headers["content-type"]).toContain("application/problem+json");
    expect(refused.body).toMatchObject({ code: "exchange_out_of_stock", sku: "TEE-S", available: 0 });
    const [none] = await queryRows<{ n: number }>(
      app.ctx.db,
      sql`select count(*)::int as n from returns where order_id = ${order.id}`,
    );
    expect(none!.n).toBe(0);

    // In stock when asked, gone by approval: the approval is refused and leaves it requested.
    await setAvailable("TEE-S", 1);
    const requested = await kit.requestReturn(order, exchangeRequest("TEE-S"));
    expect(requested.status).toBe(201);
    await setAvailable("TEE-S", 0);
    const before = await stock("TEE-S");
    const approval = await kit.approve(requested.body.id);
    expect(approval.status).toBe(409);
    expect(approval.body.code).toBe("exchange_out_of_stock");
    const read = await app.call("GET", `/admin/returns/${requested.body.id}`, { headers: kit.admin() });
    expect(read.body).toMatchObject({ status: "requested", label: null, replacementOrder: null });
    expect(read.body.lines[0].exchange).toMatchObject({ sku: "TEE-S" });
    expect(await stock("TEE-S")).toEqual(before);
  });

  it("refuses a half-held exchange whole when a later replacement is short", async () => {
    const { order } = await kit.shippedOrder([
      { sku: "TEE-M", quantity: 1 },
      { sku: "TEE-L", quantity: 1 },
    ]);
    await setAvailable("TEE-S", 1);
    const requested = await kit.requestReturn(order, {
      lines: [
        { sku: "TEE-L", quantity: 1, exchange: { sku: "TEE-M" } },
        { sku: "TEE-M", quantity: 1, exchange: { sku: "TEE-S" } },
      ],
      reason: "size_or_fit",
    });
    expect(requested.status).toBe(201);
    // Sold out while the label is bought: TEE-M is held first (SKU order), then TEE-S falls short
    // inside the same transaction.
    const teeM = await stock("TEE-M");
    duringLabel = () => setAvailable("TEE-S", 0);
    const approval = await kit.approve(requested.body.id).finally(() => {
      duringLabel = undefined;
    });
    expect(approval.status).toBe(409);
    expect(approval.body.code).toBe("exchange_out_of_stock");
    expect(await stock("TEE-M")).toEqual(teeM);
    const read = await app.call("GET", `/admin/returns/${requested.body.id}`, { headers: kit.admin() });
    expect(read.body).toMatchObject({ status: "requested", label: null });
    const [held] = await queryRows<{ n: number }>(
      app.ctx.db,
      sql`select count(*)::int as n from inventory_reservations where reference = ${`exchange:${requested.body.id}`}`,
    );
    expect(held!.n).toBe(0);
  });

  it("refunds the line instead when the shopper chose that and the size ran out", async () => {
    const { order } = await kit.shippedOrder([{ sku: "TEE-M", quantity: 1 }]);
    await setAvailable("TEE-S", 1);
    const requested = await kit.requestReturn(order, exchangeRequest("TEE-S", "refund"));
    expect(requested.status).toBe(201);
    duringLabel = () => setAvailable("TEE-S", 0);
    const approved = await kit.approve(requested.body.id).finally(() => {
      duringLabel = undefined;
    });
    expect(approved.status).toBe(200);
    expect(approved.body.lines[0].exchange).toBeNull();
    const received = await kit.receive(requested.body.id, [{ sku: "TEE-M", disposition: "restock" }]);
    expect(received.body.replacementOrder).toBeNull();
    const refund = await kit.refund(requested.body.id, { method: "original_payment" });
    expect(refund.status).toBe(201);
    expect(refund.body.refund.amount.amount).toBeGreaterThan(0);
    expect(await exchangeOrders(requested.body.id)).toEqual([]);
  });

  it("refuses an exchange for a variant at another price, or of another product", async () => {
    const { order } = await kit.shippedOrder([{ sku: "TEE-M", quantity: 1 }]);
    const otherProduct = await kit.requestReturn(order, exchangeRequest("MUG-350"));
    expect(otherProduct.status).toBe(422);
    expect(otherProduct.body.code).toBe("exchange_variant_invalid");

    const variantId = await findVariantIdBySku(app.ctx.db, "TEE-S");
    const priced = await app.call("PATCH", `/admin/variants/${variantId}`, {
      headers: kit.admin(),
      body: { prices: [{ amount: 3200, currency: "USD" }] },
    });
    expect(priced.status).toBe(200);
    await setAvailable("TEE-S", 5);
    const refused = await kit.requestReturn(order, exchangeRequest("TEE-S"));
    expect(refused.status).toBe(422);
    expect(refused.headers["content-type"]).toContain("application/problem+json");
    expect(refused.body).toMatchObject({ code: "exchange_price_differs", sku: "TEE-M", forSku: "TEE-S" });
  });
});
