import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CarrierProvider } from "../../src/modules/fulfillment/index.ts";
import type { StoreProfile } from "../../src/modules/notifications/index.ts";
import type { PaymentGateway } from "../../src/modules/payments/index.ts";
import { type ReturnsContext, retryPendingRefunds } from "../../src/modules/returns/index.ts";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { createScriptedGateway, instantTiming } from "../support/fake-gateway.ts";
import { carrierSecret, returnsKit } from "./returns-kit.ts";

/** The scripted card processor, with refunds that time out while `down`, keyed like a real provider. */
function flakyRefunds() {
  const scripted = createScriptedGateway("flaky");
  const refunds = new Map<string, number>();
  const state = { down: false, calls: [] as string[] };
  const gateway: PaymentGateway = {
    ...scripted.gateway,
    async refund(request) {
      state.calls.push(request.idempotencyKey);
      if (state.down) return { status: "unknown", reason: "timeout" };
      refunds.set(request.idempotencyKey, request.amount);
      return { status: "refunded", providerReference: `re_${request.idempotencyKey}` };
    },
  };
  return { gateway, refunds, state };
}

/** A carrier that is down: every label purchase throws. */
const brokenCarrier: CarrierProvider = {
  name: "broken",
  async createLabel() {
    throw new Error("carrier API unreachable");
  },
  trackingUrl: (n) => `https://broken.example/${n}`,
};

describe.each(databaseKinds())("return access and refund outages on %s", (kind) => {
  let app: TestApp;
  const flaky = flakyRefunds();
  // The resilience layer's own clock: retries sleep on it, and its circuit breaker reopens on it.
  const providerTime = instantTiming();
  const kit = returnsKit(() => app);
  beforeAll(async () => {
    app = await startTestApp(
      kind,
      {
        gateways: { flaky: flaky.gateway },
        paymentResilience: { timing: providerTime.timing },
        carriers: { broken: brokenCarrier },
      },
      { CARRIER_WEBHOOK_SECRET: carrierSecret },
    );
  });
  afterAll(async () => app?.close());

  /** What the app's sweep hands the returns module; the refund path needs no carrier or store. */
  const returnsCtx = (): ReturnsContext => ({
    ...app.ctx,
    carriers: {},
    captureOn: "placement",
    shipFrom: { name: "Demo Store", address: [] },
    store: {} as StoreProfile,
    orderNumberPrefix: "",
  });

  /** A signed-in customer's order, paid with the flaky provider and shipped. */
  async function customerOrder() {
    const email = `returns.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
    const registered = await app.call("POST", "/store/customers", {
      body: { email, password: "correct horse battery" },
    });
    expect(registered.status).toBe(201);
    const auth = { authorization: `Bearer ${registered.body.token}` };
    const { cartId, token, headers } = await readyCart(app, { lines: [{ sku: "TEE-M", quantity: 2 }] });
    const linked = await app.call("POST", "/store/customers/me/cart", {
      headers: auth,
      body: { cartId, token },
    });
    expect(linked.status).toBe(200);
    const placed = await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": kit.key("c") },
      body: { payment: { provider: "flaky", token: "tok_visa" } },
    });
    expect(placed.status).toBe(200);
    await kit.capture(placed.body.id);
    await kit.ship(placed.body.id, [{ sku: "TEE-M", quantity: 2 }]);
    return { order: placed.body, auth };
  }

  it("lets the order's customer open its returns with their session, and nobody else's session", async () => {
    const { order, auth } = await customerOrder();
    const other = await customerOrder();
    const request = (headers: Record<string, string>) =>
      app.call("POST", `/store/orders/${order.id}/returns`, {
        headers: { ...headers, "idempotency-key": kit.key("r") },
        body: { lines: [{ sku: "TEE-M", quantity: 1 }], reason: "size_or_fit" },
      });
    expect((await request(other.auth)).status).toBe(404);
    expect((await request({})).status).toBe(404);
    const opened = await request(auth);
    expect(opened.status).toBe(201);
    const read = await app.call("GET", `/store/orders/${order.id}/returns/${opened.body.id}`, {
      headers: auth,
    });
    expect(read.status).toBe(200);
    expect(read.body.status).toBe("requested");
    const peek = await app.call("GET", `/store/orders/${other.order.id}/returns/${opened.body.id}`, {
      headers: other.auth,
    });
    expect(peek.status).toBe(404);
  });

  it("keeps a refund pending while the provider times out, and a retry completes that same refund", async () => {
    const { order } = await customerOrder();
    const returned = await kit.receivedReturn(order, [{ sku: "TEE-M", quantity: 2 }]);
    flaky.state.down = true;
    const failed = await kit.refund(returned.id, { method: "original_payment" });
    expect(failed.status).toBeGreaterThanOrEqual(409);
    const pending = await app.call("GET", `/admin/returns/${returned.id}`, { headers: kit.admin() });
    expect(pending.body.status).toBe("received");
    expect(pending.body.refund.status).toBe("pending");

    flaky.state.down = false;
    const retried = await kit.refund(returned.id, { method: "original_payment" });
    expect(retried.status).toBe(201);
    expect(retried.body.status).toBe("refunded");
    // Every call for this refund used one provider key, and the provider refunded once.
    const payments = await app.call("GET", `/admin/orders/${order.id}/payments`, { headers: kit.admin() });
    const payment = payments.body.payments[0];
    expect(payment.refunds).toHaveLength(1);
    expect(payment.refunds[0].status).toBe("succeeded");
    expect(flaky.refunds.get(payment.refunds[0].id)).toBe(retried.body.refund.amount.amount);
    // The timed-out calls and the retry all carried the same key: the provider refunded once.
    expect(flaky.state.calls.length).toBeGreaterThan(1);
    expect(new Set(flaky.state.calls)).toEqual(new Set([payment.refunds[0].id]));
    expect(payment.refunded.amount).toBe(retried.body.refund.amount.amount);
  });

  it("lets the sweep finish a refund left pending by a provider timeout, once, and leaves it pending while the provider is down", async () => {
    const { order } = await customerOrder();
    const returned = await kit.receivedReturn(order, [{ sku: "TEE-M", quantity: 1 }]);
    flaky.state.down = true;
    const timedOut = await kit.refund(returned.id, { method: "original_payment" });
    expect(timedOut.status).toBeGreaterThanOrEqual(409);
    const pendingRead = await app.call("GET", `/admin/returns/${returned.id}`, { headers: kit.admin() });
    const refundId = pendingRead.body.refund.id as string;
    expect(pendingRead.body.refund.status).toBe("pending");

    // Too fresh for the sweep: a request may still be running.
    expect(await retryPendingRefunds(returnsCtx(), { staleAfterMs: 60 * 60_000 })).toEqual({
      settled: 0,
      stillPending: 0,
      failed: 0,
    });
    // Still down: the sweep tries, and the refund stays pending, never failed.
    expect(await retryPendingRefunds(returnsCtx(), { staleAfterMs: 0 })).toMatchObject({
      settled: 0,
      stillPending: 1,
    });
    const stillPending = await app.call("GET", `/admin/returns/${returned.id}`, { headers: kit.admin() });
    expect(stillPending.body.refund).toMatchObject({ id: refundId, status: "pending" });

    flaky.state.down = false;
    // The timeouts opened the provider's circuit breaker: let its open period pass.
    providerTime.advance(60_000);
    // Two sweeps at once (two processes): one provider refund, one settled return.
    const reports = await Promise.all([
      retryPendingRefunds(returnsCtx(), { staleAfterMs: 0 }),
      retryPendingRefunds(returnsCtx(), { staleAfterMs: 0 }),
    ]);
    expect(reports.reduce((n, r) => n + r.settled, 0)).toBeGreaterThanOrEqual(1);
    expect(reports.every((r) => r.failed === 0)).toBe(true);
    const done = await app.call("GET", `/admin/returns/${returned.id}`, { headers: kit.admin() });
    expect(done.body.status).toBe("refunded");
    expect(done.body.refund).toMatchObject({ id: refundId, status: "succeeded" });
    expect(done.body.refund.creditNoteNumber).toMatch(/^CN-\d{6}$/);
    expect(done.body.transitions.at(-1)).toMatchObject({ to: "refunded", actor: "system" });
    const payments = await app.call("GET", `/admin/orders/${order.id}/payments`, { headers: kit.admin() });
    const payment = payments.body.payments[0];
    expect(payment.refunds).toHaveLength(1);
    expect(payment.refunded.amount).toBe(done.body.refund.amount.amount);
    expect(flaky.refunds.get(payment.refunds[0].id)).toBe(done.body.refund.amount.amount);
    // Nothing left for later passes.
    expect(await retryPendingRefunds(returnsCtx(), { staleAfterMs: 0 })).toEqual({
      settled: 0,
      stillPending: 0,
      failed: 0,
    });
  });

  it("leaves a return requested with no label when the carrier is down, and approves it once it answers", async () => {
    const { order } = await customerOrder();
    const requested = await kit.requestReturn(order, {
      lines: [{ sku: "TEE-M", quantity: 1 }],
      reason: "defective",
    });
    const down = await app.call("POST", `/admin/returns/${requested.body.id}/approve`, {
      headers: kit.admin(),
      body: { carrier: "broken" },
    });
    expect(down.status).toBe(503);
    expect(down.body.code).toBe("carrier_unavailable");
    expect(down.headers["retry-after"]).toBeDefined();
    const still = await app.call("GET", `/admin/returns/${requested.body.id}`, { headers: kit.admin() });
    expect(still.body).toMatchObject({ status: "requested", label: null });
    expect(still.body.transitions).toHaveLength(1);
    const unknownCarrier = await app.call("POST", `/admin/returns/${requested.body.id}/approve`, {
      headers: kit.admin(),
      body: { carrier: "pigeon" },
    });
    expect(unknownCarrier.status).toBe(422);
    expect((await kit.approve(requested.body.id)).body.status).toBe("approved");
  });

  it("documents every return route in the OpenAPI document", async () => {
    const res = await app.call("GET", "/openapi.json");
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    const doc = res.body;
    for (const path of [
      "/admin/returns",
      "/admin/returns/{returnId}",
      "/admin/returns/{returnId}/approve",
      "/admin/returns/{returnId}/reject",
      "/admin/returns/{returnId}/receive",
      "/admin/returns/{returnId}/refund",
      "/admin/returns/{returnId}/label.pdf",
      "/admin/returns/{returnId}/credit-note.pdf",
      "/store/orders/{orderRef}/returns",
      "/store/orders/{orderRef}/returns/{returnId}",
      "/store/orders/{orderRef}/returns/{returnId}/cancel",
      "/store/orders/{orderRef}/returns/{returnId}/label.pdf",
      "/store/orders/{orderRef}/returns/{returnId}/credit-note.pdf",
    ])
      expect(doc.paths[path], path).toBeDefined();
    expect(doc.paths["/admin/returns/{returnId}/refund"].post.tags).toEqual(["admin"]);
  });
});
