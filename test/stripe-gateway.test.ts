import { sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/shared/db/database.ts";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";
import { instantTiming } from "./support/fake-gateway.ts";
import { startFakeStripe } from "./support/fake-stripe.ts";

const webhookSecret = "whsec_testsecret";

describe.each(databaseKinds())("the Stripe provider against a local fake of its API on %s", (kind) => {
  let app: TestApp;
  let fake: Awaited<ReturnType<typeof startFakeStripe>>;
  const signer = new Stripe("sk_test_signer");
  beforeAll(async () => {
    fake = await startFakeStripe();
    app = await startTestApp(
      kind,
      { paymentResilience: { timing: instantTiming().timing } },
      { STRIPE_SECRET_KEY: "sk_test_fake", STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_URL: fake.url },
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
  const pay = async (token: string) => {
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    return app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": `stripe-${++seq}` },
      body: { payment: { provider: "stripe", token } },
    });
  };
  const deliver = (event: Record<string, unknown>, secret = webhookSecret) => {
    const payload = JSON.stringify(event);
    return app.call("POST", "/webhooks/stripe", {
      headers: { "stripe-signature": signer.webhooks.generateTestHeaderString({ payload, secret }) },
      body: payload,
    });
  };
  const intentOf = (orderId: string) =>
    queryRows<{ ref: string }>(
      app.database.db,
      sql`select provider_reference as ref from payments where order_id = ${orderId}`,
    ).then((rows) => fake.intents.get(rows[0]!.ref)!);

  it("authorizes with a manual-capture PaymentIntent keyed by the attempt, then captures and refunds", async () => {
    const res = await pay("pm_card_visa");
    expect(res.status).toBe(200);
    expect(res.body.payment).toEqual({ provider: "stripe", brand: "visa", last4: "4242" });
    const intent = await intentOf(res.body.id);
    expect(intent.capture_method).toBe("manual");
    expect((intent.metadata as { cartwright_key: string }).cartwright_key).toMatch(/^att_/);

    const captured = await app.call("POST", `/admin/orders/${res.body.id}/payments/capture`, {
      headers: admin("s-cap"),
      body: {},
    });
    expect(captured.body).toMatchObject({ status: "captured", captured: { amount: intent.amount } });
    expect(intent.status).toBe("succeeded");
    const refunded = await app.call("POST", `/admin/orders/${res.body.id}/payments/refund`, {
      headers: admin("s-re"),
      body: { amount: 100, reason: "damaged" },
    });
    expect(refunded.body).toMatchObject({ status: "partially_refunded", refunded: { amount: 100 } });
    expect((intent.latest_charge as { amount_refunded: number }).amount_refunded).toBe(100);
  });

  it("maps a card decline to payment_declined with a reason", async () => {
    expect((await pay("pm_card_chargeDeclined")).body).toMatchObject({
      code: "payment_declined",
      declineReason: "generic_decline",
    });
  });

  /** A completion that Stripe answers with requires_action, and the way to complete it again. */
  const challenged = async () => {
    const cart = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    const key = `stripe-3ds-${++seq}`;
    const complete = () =>
      app.call("POST", `/store/carts/${cart.cartId}/complete`, {
        headers: { ...cart.headers, "idempotency-key": key },
        body: { payment: { provider: "stripe", token: "pm_card_authenticationRequired" } },
      });
    const first = await complete();
    expect(first.status).toBe(402);
    const attemptId = first.body.action.attemptId as string;
    const intent = [...fake.intents.values()].find(
      (i) => (i.metadata as { cartwright_key: string }).cartwright_key === attemptId,
    )!;
    return { ...cart, complete, first, intent };
  };

  it("hands requires_action to the storefront with the client secret, then resumes the same intent into one order", async () => {
    const c = await challenged();
    expect(c.first.body).toMatchObject({
      code: "payment_action_required",
      action: { type: "three_d_secure", url: null, clientSecret: `${c.intent.id}_secret_fake` },
    });
    expect(c.intent.status).toBe("requires_action");
    fake.authenticate(c.intent.id, true); // Stripe.js handleNextAction, in the shopper's browser
    const placed = await c.complete();
    expect(placed.status).toBe(200);
    expect(placed.body.payment).toEqual({ provider: "stripe", brand: "visa", last4: "4242" });
    expect(fake.requests.filter((r) => r === "POST /v1/payment_intents")).toContain(
      "POST /v1/payment_intents",
    );
    const intents = [...fake.intents.values()].filter(
      (i) => (i.metadata as { cartwright_key: string }).cartwright_key === c.first.body.action.attemptId,
    );
    expect(intents).toHaveLength(1); // resumed, not charged again
    expect((await intentOf(placed.body.id)).id).toBe(c.intent.id);
  });

  it("declines with authentication_failed when the challenge fails, and reopens the cart", async () => {
    const c = await challenged();
    fake.authenticate(c.intent.id, false);
    const declined = await c.complete();
    expect(declined.body).toMatchObject({ code: "payment_declined", declineReason: "authentication_failed" });
    expect((await app.call("GET", `/store/carts/${c.cartId}`, { headers: c.headers })).body.status).toBe(
      "open",
    );
  });

  it("cancels the PaymentIntent when the shopper closes the challenge", async () => {
    const c = await challenged();
    const res = await app.call("POST", `/store/carts/${c.cartId}/payment-action/cancel`, {
      headers: c.headers,
    });
    expect(res.body).toEqual({ result: "cancelled" });
    expect(c.intent.status).toBe("canceled");
    expect((await app.call("GET", `/store/carts/${c.cartId}`, { headers: c.headers })).body.status).toBe(
      "open",
    );
  });

  it("applies the same webhook delivered five times in parallel exactly once, and never moves backwards", async () => {
    const order = (await pay("pm_card_visa")).body;
    const intent = await intentOf(order.id);
    Object.assign(intent, { status: "succeeded", amount_received: intent.amount }); // captured in the dashboard
    const event = {
      id: "evt_capture_1",
      object: "event",
      type: "payment_intent.succeeded",
      data: { object: { id: intent.id, object: "payment_intent" } },
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

    const history = await app.call("GET", `/admin/orders/${order.id}/payments`, { headers: admin() });
    expect(history.body.payments[0].status).toBe("captured");
    expect(
      history.body.payments[0].transactions.filter((t: { kind: string }) => t.kind === "capture"),
    ).toHaveLength(1);
    const events = await queryRows(
      app.database.db,
      sql`select id from outbox where type = 'payment.captured' and payload->>'orderId' = ${order.id}`,
    );
    expect(events).toHaveLength(1);
    expect(
      (await app.call("GET", `/admin/orders/${order.id}`, { headers: admin() })).body.paymentStatus,
    ).toBe("captured");

    // A late, older event: the intent is re-read, so the payment stays captured.
    const late = await deliver({
      id: "evt_old_1",
      object: "event",
      type: "payment_intent.amount_capturable_updated",
      data: { object: { id: intent.id, object: "payment_intent" } },
    });
    expect(late.status).toBe(200);
    expect(
      (await app.call("GET", `/admin/orders/${order.id}/payments`, { headers: admin() })).body.payments[0]
        .status,
    ).toBe("captured");
  });

  /** An order paid by card and captured in full through the Admin API. */
  const capturedOrder = async () => {
    const order = (await pay("pm_card_visa")).body;
    const captured = await app.call("POST", `/admin/orders/${order.id}/payments/capture`, {
      headers: admin(`s-cap-${++seq}`),
      body: {},
    });
    expect(captured.body.status).toBe("captured");
    return { order, intent: await intentOf(order.id) };
  };
  const refundEvent = (id: string, intentId: string) => ({
    id,
    object: "event",
    type: "charge.refunded",
    data: { object: { id: `ch_${intentId}`, object: "charge", payment_intent: intentId } },
  });
  const paymentOf = async (orderId: string) =>
    (await app.call("GET", `/admin/orders/${orderId}/payments`, { headers: admin() })).body.payments[0];
  const orderPaymentStatus = async (orderId: string) =>
    (await app.call("GET", `/admin/orders/${orderId}`, { headers: admin() })).body.paymentStatus;
  const refundsIn = (payment: { transactions: { kind: string; amount: { amount: number } }[] }) =>
    payment.transactions.filter((t) => t.kind === "refund").map((t) => t.amount.amount);

  it("mirrors a refund made in the Stripe dashboard once, however often and by whichever event it arrives", async () => {
    const { order, intent } = await capturedOrder();
    const outside = fake.refundOutside(intent.id, 150);
    const first = await deliver(refundEvent(`evt_ch_ref_${seq}`, intent.id));
    expect(first.body.result).toBe("applied");
    expect((await deliver(refundEvent(`evt_ch_ref_${seq}`, intent.id))).body.result).toBe("duplicate");
    // Another event about the same refund (refund.created) adds nothing either.
    const other = await deliver({
      id: `evt_re_created_${seq}`,
      object: "event",
      type: "refund.created",
      data: { object: { id: outside.id, object: "refund", payment_intent: intent.id } },
    });
    expect(other.status).toBe(200);

    const payment = await paymentOf(order.id);
    expect(refundsIn(payment)).toEqual([150]);
    expect(payment).toMatchObject({ status: "partially_refunded", refunded: { amount: 150 } });
    expect(payment.refunds).toMatchObject([
      { amount: { amount: 150 }, reason: "external", status: "succeeded" },
    ]);
    expect(await orderPaymentStatus(order.id)).toBe("partially_refunded");

    fake.refundOutside(intent.id, intent.amount - 150);
    await deliver(refundEvent(`evt_ch_ref_rest_${seq}`, intent.id));
    const after = await paymentOf(order.id);
    expect(refundsIn(after)).toEqual([150, intent.amount - 150]);
    expect(after).toMatchObject({ status: "refunded", refunded: { amount: intent.amount } });
    expect(await orderPaymentStatus(order.id)).toBe("refunded");
    const events = await queryRows(
      app.database.db,
      sql`select id from outbox where type = 'payment.refunded' and payload->>'orderId' = ${order.id}`,
    );
    expect(events).toHaveLength(2);
  });

  it("applies a dashboard capture and refund whose refund event arrives before the capture's", async () => {
    const order = (await pay("pm_card_visa")).body;
    const intent = await intentOf(order.id);
    Object.assign(intent, { status: "succeeded", amount_received: intent.amount }); // captured in the dashboard
    fake.refundOutside(intent.id, 100);
    expect((await deliver(refundEvent(`evt_ooo_ref_${seq}`, intent.id))).body.result).toBe("applied");
    await deliver({
      id: `evt_ooo_cap_${seq}`,
      object: "event",
      type: "payment_intent.succeeded",
      data: { object: { id: intent.id, object: "payment_intent" } },
    });
    const payment = await paymentOf(order.id);
    expect(payment).toMatchObject({
      status: "partially_refunded",
      captured: { amount: intent.amount },
      refunded: { amount: 100 },
    });
    expect(payment.transactions.map((t: { kind: string }) => t.kind)).toEqual([
      "authorize",
      "capture",
      "refund",
    ]);
    expect(await orderPaymentStatus(order.id)).toBe("partially_refunded");
  });

  it("counts a refund we made once, also when its webhook echo overtakes our own call", async () => {
    const { order, intent } = await capturedOrder();
    const echoes: number[] = [];
    fake.onRefund(async () => {
      // Stripe's webhook lands while our refund call is still waiting for its answer.
      echoes.push((await deliver(refundEvent(`evt_echo_early_${seq}`, intent.id))).status);
    });
    const refunded = await app.call("POST", `/admin/orders/${order.id}/payments/refund`, {
      headers: admin(`s-re-echo-${seq}`),
      body: { amount: 200, reason: "damaged" },
    });
    fake.onRefund(undefined);
    expect(echoes).toEqual([200]);
    expect(refunded.body).toMatchObject({ status: "partially_refunded", refunded: { amount: 200 } });
    // The late echo of the same refund, after ours was recorded.
    expect((await deliver(refundEvent(`evt_echo_late_${seq}`, intent.id))).body.result).toBe("applied");

    const payment = await paymentOf(order.id);
    expect(refundsIn(payment)).toEqual([200]);
    expect(payment).toMatchObject({ status: "partially_refunded", refunded: { amount: 200 } });
    expect(payment.refunds).toMatchObject([
      { amount: { amount: 200 }, reason: "damaged", status: "succeeded" },
    ]);
    expect(await orderPaymentStatus(order.id)).toBe("partially_refunded");
  });

  it("refuses a genuine signature that is older than the tolerance (a replayed delivery)", async () => {
    const payload = JSON.stringify({
      id: "evt_stale",
      object: "event",
      type: "payment_intent.succeeded",
      data: { object: {} },
    });
    const timestamp = Math.floor(Date.now() / 1000) - 301;
    const res = await app.call("POST", "/webhooks/stripe", {
      headers: {
        "stripe-signature": signer.webhooks.generateTestHeaderString({
          payload,
          secret: webhookSecret,
          timestamp,
        }),
      },
      body: payload,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("webhook_signature_invalid");
    const fresh = Math.floor(Date.now() / 1000) - 200;
    const ok = await app.call("POST", "/webhooks/stripe", {
      headers: {
        "stripe-signature": signer.webhooks.generateTestHeaderString({
          payload,
          secret: webhookSecret,
          timestamp: fresh,
        }),
      },
      body: payload,
    });
    expect(ok.status).toBe(200);
  });

  it("verifies the raw bytes: the same JSON re-serialized differently is refused", async () => {
    const event = { id: "evt_raw", object: "event", type: "payment_intent.succeeded", data: { object: {} } };
    const signed = JSON.stringify(event);
    const header = signer.webhooks.generateTestHeaderString({ payload: signed, secret: webhookSecret });
    const respaced = JSON.stringify(event, null, 2); // same object, other bytes
    const res = await app.call("POST", "/webhooks/stripe", {
      headers: { "stripe-signature": header },
      body: respaced,
    });
    expect(res.status).toBe(400);
    const exact = await app.call("POST", "/webhooks/stripe", {
      headers: { "stripe-signature": header },
      body: signed,
    });
    expect(exact.status).toBe(200);
  });

  it("refuses a webhook with a wrong signature", async () => {
    const res = await deliver(
      { id: "evt_x", object: "event", type: "payment_intent.succeeded", data: { object: {} } },
      "whsec_wrong",
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("webhook_signature_invalid");
  });
});
