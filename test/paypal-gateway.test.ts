import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/shared/db/database.ts";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";
import { instantTiming } from "./support/fake-gateway.ts";
import { startFakePayPal } from "./support/fake-paypal.ts";

describe.each(databaseKinds())("the PayPal provider against a local fake of its REST API on %s", (kind) => {
  let app: TestApp;
  let fake: Awaited<ReturnType<typeof startFakePayPal>>;
  beforeAll(async () => {
    fake = await startFakePayPal();
    app = await startTestApp(
      kind,
      { paymentResilience: { timing: instantTiming().timing } },
      {
        PAYPAL_CLIENT_ID: "client",
        PAYPAL_CLIENT_SECRET: "secret",
        PAYPAL_API_URL: fake.url,
        PAYPAL_WEBHOOK_ID: "WH-1",
      },
    );
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  const admin = (key?: string) => ({
    authorization: `Bearer ${app.apiKey}`,
    ...(key ? { "idempotency-key": key } : {}),
  });
  let seq = 0;
  /** A ready cart with a PayPal order for it, approved by the buyer unless told otherwise. */
  const started = async (approve: "yes" | "no" | "declined" = "yes") => {
    const cart = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    const created = await app.call("POST", `/store/carts/${cart.cartId}/paypal-orders`, {
      headers: cart.headers,
    });
    expect(created.status).toBe(201);
    if (approve !== "no") fake.approve(created.body.id, { decline: approve === "declined" });
    const complete = (key = `pp-${++seq}`) =>
      app.call("POST", `/store/carts/${cart.cartId}/complete`, {
        headers: { ...cart.headers, "idempotency-key": key },
        body: { payment: { provider: "paypal", token: created.body.id } },
      });
    return { ...cart, paypalOrder: created.body, complete };
  };
  const authorizationOf = async (orderId: string) => {
    const rows = await queryRows<{ ref: string }>(
      app.database.db,
      sql`select provider_reference as ref from payments where order_id = ${orderId}`,
    );
    return fake.authorizations.get(rows[0]!.ref)!;
  };

  it("creates a PayPal order for the amount due, in PayPal's decimal format", async () => {
    const c = await started("no");
    expect(c.paypalOrder.approveUrl).toMatch(/^https:\/\//);
    const order = fake.orders.get(c.paypalOrder.id)!;
    expect(order.intent).toBe("AUTHORIZE");
    expect(order.purchase_units[0]!.amount).toEqual({
      currency_code: "USD",
      value: (c.paypalOrder.amount.amount / 100).toFixed(2),
    });
  });

  it("authorizes an approved order, captures part of it and refunds part of the capture", async () => {
    const c = await started();
    const res = await c.complete();
    expect(res.status).toBe(200);
    expect(res.body.payment).toMatchObject({ provider: "paypal", brand: "paypal" });
    const auth = await authorizationOf(res.body.id);
    expect(auth.status).toBe("CREATED");

    const captured = await app.call("POST", `/admin/orders/${res.body.id}/payments/capture`, {
      headers: admin(`pp-cap-${seq}`),
      body: {},
    });
    expect(captured.body).toMatchObject({ status: "captured" });
    expect(auth.status).toBe("CAPTURED");
    const refunded = await app.call("POST", `/admin/orders/${res.body.id}/payments/refund`, {
      headers: admin(`pp-re-${seq}`),
      body: { amount: 100, reason: "damaged" },
    });
    expect(refunded.body).toMatchObject({ status: "partially_refunded", refunded: { amount: 100 } });
    const capture = [...fake.captures.values()].find((x) => x.authorizationId === auth.id)!;
    expect(capture.refunded).toBe(100);
  });

  it("voids the authorization when the order is cancelled", async () => {
    const c = await started();
    const res = await c.complete();
    const cancelled = await app.call("POST", `/admin/orders/${res.body.id}/cancel`, {
      headers: admin(`pp-cancel-${seq}`),
      body: { reason: "customer asked" },
    });
    expect(cancelled.status).toBe(200);
    expect((await authorizationOf(res.body.id)).status).toBe("VOIDED");
  });

  it("declines an unapproved order, a declined instrument and an amount changed after approval", async () => {
    const authorizeCalls = () => fake.requests.filter((r) => r.endsWith("/authorize")).length;
    const before = authorizeCalls();
    expect((await (await started("no")).complete()).body).toMatchObject({
      code: "payment_declined",
      declineReason: "authentication_required",
    });
    expect((await (await started("declined")).complete()).body).toMatchObject({
      code: "payment_declined",
      declineReason: "generic_decline",
    });
    const changed = await started();
    await app.call("PATCH", `/store/carts/${changed.cartId}/lines/${changed.cart.lines[0].id}`, {
      headers: changed.headers,
      body: { quantity: 2 },
    });
    expect((await changed.complete()).body).toMatchObject({
      code: "payment_declined",
      declineReason: "invalid_source",
    });
    expect(authorizeCalls() - before).toBe(1); // only the declined instrument reached authorize
  });

  it("retries a 500 with the same PayPal-Request-Id: one authorization, one order", async () => {
    const c = await started();
    fake.failNext(1);
    const res = await c.complete();
    expect(res.status).toBe(200);
    const auths = [...fake.authorizations.values()].filter((a) => a.orderId === c.paypalOrder.id);
    expect(auths).toHaveLength(1);
  });

  const deliver = (event: Record<string, unknown>, signature = "valid-signature") =>
    app.call("POST", "/webhooks/paypal", {
      headers: {
        "paypal-transmission-id": "tx-1",
        "paypal-transmission-time": new Date().toISOString(),
        "paypal-transmission-sig": signature,
        "paypal-cert-url": "https://api.paypal.example/cert.pem",
        "paypal-auth-algo": "SHA256withRSA",
      },
      body: event,
    });

  it("applies a capture made in PayPal once, however often its webhook arrives in parallel", async () => {
    const res = await (await started()).complete();
    const auth = await authorizationOf(res.body.id);
    auth.status = "CAPTURED"; // captured in PayPal's dashboard
    const event = {
      id: `WH-CAP-${seq}`,
      event_type: "PAYMENT.CAPTURE.COMPLETED",
      resource: { id: "CAP-X", supplementary_data: { related_ids: { authorization_id: auth.id } } },
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(event)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.map((r) => r.body.result).sort()).toEqual([
      "applied",
      "duplicate",
      "duplicate",
      "duplicate",
      "duplicate",
    ]);
    const history = await app.call("GET", `/admin/orders/${res.body.id}/payments`, { headers: admin() });
    expect(history.body.payments[0].status).toBe("captured");
    expect(
      history.body.payments[0].transactions.filter((t: { kind: string }) => t.kind === "capture"),
    ).toHaveLength(1);
    // A late void event for the same authorization cannot move a captured payment back.
    const late = await deliver({
      id: `WH-VOID-${seq}`,
      event_type: "PAYMENT.AUTHORIZATION.VOIDED",
      resource: { id: auth.id },
    });
    expect(late.status).toBe(200);
    const after = await app.call("GET", `/admin/orders/${res.body.id}/payments`, { headers: admin() });
    expect(after.body.payments[0].status).toBe("captured");
  });

  /** An order paid with PayPal and captured in full through the Admin API, with its capture. */
  const capturedOrder = async () => {
    const res = await (await started()).complete();
    const captured = await app.call("POST", `/admin/orders/${res.body.id}/payments/capture`, {
      headers: admin(`pp-cap-${++seq}`),
      body: {},
    });
    expect(captured.body.status).toBe("captured");
    const auth = await authorizationOf(res.body.id);
    const capture = [...fake.captures.values()].find((x) => x.authorizationId === auth.id)!;
    return { order: res.body, capture };
  };
  /** PAYMENT.CAPTURE.REFUNDED as PayPal documents it: the resource is the refund. */
  const refunded = (eventId: string, refund: { id: string; amount: unknown; links: unknown }) => ({
    id: eventId,
    event_type: "PAYMENT.CAPTURE.REFUNDED",
    resource_type: "refund",
    resource: { id: refund.id, status: "COMPLETED", amount: refund.amount, links: refund.links },
  });
  const paymentOf = async (orderId: string) =>
    (await app.call("GET", `/admin/orders/${orderId}/payments`, { headers: admin() })).body.payments[0];
  const refundsIn = (payment: { transactions: { kind: string; amount: { amount: number } }[] }) =>
    payment.transactions.filter((t) => t.kind === "refund").map((t) => t.amount.amount);
  const orderPaymentStatus = async (orderId: string) =>
    (await app.call("GET", `/admin/orders/${orderId}`, { headers: admin() })).body.paymentStatus;

  it("mirrors a refund made in PayPal once, also when PAYMENT.CAPTURE.REFUNDED is delivered again", async () => {
    const { order, capture } = await capturedOrder();
    const outside = fake.refundOutside(capture.id, 125);
    const event = refunded(`WH-REF-${seq}`, outside);
    const results = await Promise.all(Array.from({ length: 3 }, () => deliver(event)));
    expect(results.map((r) => r.body.result).sort()).toEqual(["applied", "duplicate", "duplicate"]);
    // Redelivered by PayPal under a new event id: the refund id is already known.
    expect((await deliver(refunded(`WH-REF-again-${seq}`, outside))).status).toBe(200);

    const payment = await paymentOf(order.id);
    expect(refundsIn(payment)).toEqual([125]);
    expect(payment).toMatchObject({ status: "partially_refunded", refunded: { amount: 125 } });
    expect(payment.refunds).toMatchObject([
      { amount: { amount: 125 }, reason: "external", status: "succeeded" },
    ]);
    expect(await orderPaymentStatus(order.id)).toBe("partially_refunded");

    const rest = fake.refundOutside(capture.id, order.totals.total.amount - 125);
    await deliver(refunded(`WH-REF-rest-${seq}`, rest));
    expect(await paymentOf(order.id)).toMatchObject({ status: "refunded" });
    expect(await orderPaymentStatus(order.id)).toBe("refunded");
  });

  it("applies a capture and refund made in PayPal when the refund's event arrives first", async () => {
    const res = await (await started()).complete();
    const auth = await authorizationOf(res.body.id);
    // Captured in PayPal's dashboard, then partly refunded there; only the refund's event arrives.
    auth.status = "CAPTURED";
    const capture = { id: `CAP-DASH-${seq}`, amount: auth.amount, refunded: 0, authorizationId: auth.id };
    fake.captures.set(capture.id, capture);
    const outside = fake.refundOutside(capture.id, 100);
    expect((await deliver(refunded(`WH-OOO-${seq}`, outside))).body.result).toBe("applied");
    const payment = await paymentOf(res.body.id);
    expect(payment).toMatchObject({
      status: "partially_refunded",
      captured: { amount: res.body.totals.total.amount },
      refunded: { amount: 100 },
    });
    expect(payment.transactions.map((t: { kind: string }) => t.kind)).toEqual([
      "authorize",
      "capture",
      "refund",
    ]);
    expect(await orderPaymentStatus(res.body.id)).toBe("partially_refunded");
  });

  it("counts a refund we made once, also when its webhook echo overtakes our own call", async () => {
    const { order } = await capturedOrder();
    let echo: { status: number } | undefined;
    fake.onRefund(async (refund) => {
      echo = await deliver(refunded(`WH-ECHO-${seq}`, fake.refunds.get(refund.id)! as never));
    });
    const res = await app.call("POST", `/admin/orders/${order.id}/payments/refund`, {
      headers: admin(`pp-re-echo-${seq}`),
      body: { amount: 300, reason: "damaged" },
    });
    fake.onRefund(undefined);
    expect(echo?.status).toBe(200);
    expect(res.body).toMatchObject({ status: "partially_refunded", refunded: { amount: 300 } });
    const ours = [...fake.refunds.values()].at(-1)!;
    expect(ours.custom_id).toMatch(/^re_/);
    await deliver(refunded(`WH-ECHO-late-${seq}`, ours as never));

    const payment = await paymentOf(order.id);
    expect(refundsIn(payment)).toEqual([300]);
    expect(payment.refunds).toMatchObject([
      { amount: { amount: 300 }, reason: "damaged", status: "succeeded" },
    ]);
    expect(await orderPaymentStatus(order.id)).toBe("partially_refunded");
  });

  it("refuses a delivery PayPal does not confirm, changing nothing", async () => {
    const res = await (await started()).complete();
    const auth = await authorizationOf(res.body.id);
    auth.status = "VOIDED";
    const forged = await deliver(
      { id: `WH-F-${seq}`, event_type: "PAYMENT.AUTHORIZATION.VOIDED", resource: { id: auth.id } },
      "forged",
    );
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe("webhook_signature_invalid");
    const history = await app.call("GET", `/admin/orders/${res.body.id}/payments`, { headers: admin() });
    expect(history.body.payments[0].status).toBe("authorized");
  });
});
