import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signCarrierWebhook } from "../src/modules/fulfillment/index.ts";
import type { FixedClock } from "../src/shared/clock.ts";
import { checkout, eventsOf, newKey, startOfflineApp } from "./payments/offline-payments-kit.ts";
import type { TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";

const secret = "test-carrier-secret-0123456789";

// The order state machine through the Admin and Store APIs: every transition lands on the
// timeline with its actor and time, the state filter finds the order, bad moves get a 409.
describe.each(databaseKinds())("the order's state on %s", (kind) => {
  let app: TestApp;
  let clock: FixedClock;
  let admin: Record<string, string>;
  beforeAll(async () => {
    ({ app, clock, admin } = await startOfflineApp(kind, { CARRIER_WEBHOOK_SECRET: secret }));
  });
  afterAll(async () => app?.close());

  const card = async (lines = [{ sku: "MUG-350", quantity: 2 }]) => {
    const res = await checkout(app, { provider: "test", token: "tok_visa" }, { lines });
    expect(res.status).toBe(200);
    return res.body as { id: string; accessToken: string; state: string };
  };
  const read = async (orderId: string) =>
    (await app.call("GET", `/admin/orders/${orderId}`, { headers: admin })).body;
  const statusPage = async (order: { id: string; accessToken: string }) =>
    (await app.call("GET", `/store/orders/${order.id}`, { headers: { "x-order-token": order.accessToken } }))
      .body;
  const post = (url: string, body?: unknown) =>
    app.call("POST", url, { headers: { ...admin, "idempotency-key": newKey("state") }, body });
  const ship = (orderId: string, lines: { sku: string; quantity: number }[]) =>
    post(`/admin/orders/${orderId}/shipments`, { lines });
  const listed = async (query: string) =>
    (
      (await app.call("GET", `/admin/orders?limit=100&${query}`, { headers: admin })).body.orders as {
        id: string;
        state: string;
      }[]
    ).map((o) => o.id);
  const deliver = async (shipmentId: string) => {
    const labelled = await app.call("POST", `/admin/shipments/${shipmentId}/label`, { headers: admin });
    expect(labelled.status).toBe(200);
    const body = JSON.stringify({
      id: newKey("ev"),
      trackingNumber: labelled.body.trackingNumber,
      status: "delivered",
      occurredAt: clock.now().toISOString(),
    });
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    const res = await app.call("POST", "/webhooks/carriers/test", {
      headers: {
        "x-carrier-timestamp": String(timestamp),
        "x-carrier-signature": signCarrierWebhook(secret, timestamp, body),
      },
      body,
    });
    expect(res.body.result).toBe("applied");
  };
  const later = (minutes: number) => clock.set(new Date(clock.now().getTime() + minutes * 60_000));

  it("takes a card order from placed to paid, partly and fully fulfilled, delivered and partly refunded, on the timeline", async () => {
    const order = await card([
      { sku: "MUG-350", quantity: 1 },
      { sku: "TEE-M", quantity: 1 },
    ]);
    expect(order.state).toBe("placed");
    expect((await statusPage(order)).state).toBe("placed");

    later(5);
    expect((await post(`/admin/orders/${order.id}/payments/capture`, {})).status).toBe(200);
    expect((await read(order.id)).state).toBe("paid");
    later(5);
    const first = await ship(order.id, [{ sku: "MUG-350", quantity: 1 }]);
    expect(first.status).toBe(201);
    expect((await read(order.id)).state).toBe("partially_fulfilled");
    later(5);
    const second = await ship(order.id, [{ sku: "TEE-M", quantity: 1 }]);
    expect((await read(order.id)).state).toBe("fulfilled");
    later(60);
    await deliver(first.body.shipment.id);
    expect((await read(order.id)).state).toBe("fulfilled");
    await deliver(second.body.shipment.id);
    expect((await read(order.id)).state).toBe("delivered");
    later(60);
    const refund = await post(`/admin/orders/${order.id}/payments/refund`, {
      amount: 100,
      reason: "scratched",
    });
    expect(refund.status).toBe(201);

    const done = await read(order.id);
    expect(done.state).toBe("partially_refunded");
    expect(done.fulfillmentStatus).toBe("delivered");
    const moves = done.timeline.filter((t: { state: string | null }) => t.state !== null);
    expect(
      moves.map((t: { type: string; actor: string; state: string }) => [t.type, t.actor, t.state]),
    ).toEqual([
      ["placed", "shopper", "placed"],
      ["payment_captured", "merchant", "paid"],
      ["fulfillment_partially_fulfilled", "merchant", "partially_fulfilled"],
      ["fulfillment_fulfilled", "merchant", "fulfilled"],
      ["fulfillment_delivered", "carrier", "delivered"],
      ["payment_partially_refunded", "merchant", "partially_refunded"],
    ]);
    const times = moves.map((t: { at: string }) => Date.parse(t.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(times.length);

    // Subscribers follow the same machine: one order.state_changed per move, written with it.
    const events = (await eventsOf(app, "order.state_changed")).filter((e) => e.orderId === order.id);
    expect(events.map((e) => [e.from, e.state, e.actor])).toEqual([
      ["placed", "paid", "merchant"],
      ["paid", "partially_fulfilled", "merchant"],
      ["partially_fulfilled", "fulfilled", "merchant"],
      ["fulfilled", "delivered", "carrier"],
      ["delivered", "partially_refunded", "merchant"],
    ]);

    const page = await statusPage(order);
    expect([page.state, page.fulfillmentStatus, page.paymentStatus]).toEqual([
      "partially_refunded",
      "delivered",
      "partially_refunded",
    ]);
    expect(await listed("state=partially_refunded")).toContain(order.id);
    expect(await listed("state=delivered")).not.toContain(order.id);
  });

  it("refuses to cancel a shipped order with 409 order_not_cancellable and its state, changing nothing", async () => {
    const order = await card();
    expect((await ship(order.id, [{ sku: "MUG-350", quantity: 1 }])).status).toBe(201);
    const before = await read(order.id);

    const refused = await post(`/admin/orders/${order.id}/cancel`, { reason: "changed mind" });
    expect(refused.status).toBe(409);
    expect(refused.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: "order_not_cancellable", orderState: "partially_fulfilled" });
    expect(await read(order.id)).toEqual(before);
  });

  it("cancels an unshipped order once, then refuses to ship it or take money for it", async () => {
    const order = await card();
    later(1);
    const cancelled = await post(`/admin/orders/${order.id}/cancel`, { reason: "out of gift wrap" });
    expect(cancelled.status).toBe(200);
    expect([cancelled.body.state, cancelled.body.paymentStatus]).toEqual(["cancelled", "voided"]);
    const again = await post(`/admin/orders/${order.id}/cancel`, { reason: "twice" });
    expect(again.status).toBe(200);
    expect(again.body.timeline).toEqual(cancelled.body.timeline);
    const entry = cancelled.body.timeline.find((t: { type: string }) => t.type === "cancelled");
    expect(entry).toMatchObject({ actor: "merchant", state: "cancelled" });

    const events = (await eventsOf(app, "order.state_changed")).filter((e) => e.orderId === order.id);
    expect(events.map((e) => [e.from, e.state, e.cause])).toEqual([["placed", "cancelled", "cancelled"]]);

    const shipped = await ship(order.id, [{ sku: "MUG-350", quantity: 1 }]);
    expect(shipped.status).toBe(409);
    expect(shipped.body).toMatchObject({ code: "order_not_fulfillable", orderState: "cancelled" });
    expect((await statusPage(order)).state).toBe("cancelled");
    expect(await listed("state=cancelled")).toContain(order.id);
    expect(await listed("state=placed")).not.toContain(order.id);
  });

  it("follows a bank transfer from awaiting payment to paid, and filters by state", async () => {
    const res = await checkout(app, { provider: "bank_transfer" });
    const order = res.body as {
      id: string;
      accessToken: string;
      state: string;
      totals: { total: { amount: number } };
    };
    expect(order.state).toBe("awaiting_payment");
    expect(await listed("state=awaiting_payment")).toContain(order.id);

    later(1);
    const part = await post(`/admin/orders/${order.id}/payments/receipts`, {
      amount: 100,
      receivedOn: "2030-03-03",
    });
    expect(part.status).toBe(201);
    expect((await read(order.id)).state).toBe("awaiting_payment");
    later(1);
    await post(`/admin/orders/${order.id}/payments/receipts`, {
      amount: order.totals.total.amount - 100,
      receivedOn: "2030-03-04",
    });
    const paid = await read(order.id);
    expect([paid.state, paid.paymentStatus]).toEqual(["paid", "captured"]);
    expect(
      paid.timeline.filter((t: { state: string | null }) => t.state).map((t: { state: string }) => t.state),
    ).toEqual(["awaiting_payment", "paid"]);
    expect(await listed("state=paid")).toContain(order.id);
    expect(await listed("state=awaiting_payment")).not.toContain(order.id);
  });

  it("lists every order under exactly the state its detail shows", async () => {
    const all = (await app.call("GET", "/admin/orders?limit=100", { headers: admin })).body.orders as {
      id: string;
      state: string;
    }[];
    const states = [...new Set(all.map((o) => o.state))];
    expect(states.length).toBeGreaterThanOrEqual(4);
    for (const state of states) {
      expect((await listed(`state=${state}`)).sort(), state).toEqual(
        all
          .filter((o) => o.state === state)
          .map((o) => o.id)
          .sort(),
      );
    }
  });

  it("documents the states and the state filter in the OpenAPI document", async () => {
    const doc = (await app.call("GET", "/openapi.json")).body;
    expect(doc.components.schemas.OrderState.enum).toEqual([
      "awaiting_payment",
      "placed",
      "paid",
      "partially_fulfilled",
      "fulfilled",
      "delivered",
      "partially_refunded",
      "refunded",
      "cancelled",
    ]);
    const list = doc.paths["/admin/orders"].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toContain("state");
    expect(Object.keys(doc.paths["/admin/orders/{orderId}/cancel"].post.responses)).toContain("409");
  });

  it("refuses an unknown state filter with 400", async () => {
    const res = await app.call("GET", "/admin/orders?state=shipped", { headers: admin });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("validation_failed");
  });
});
