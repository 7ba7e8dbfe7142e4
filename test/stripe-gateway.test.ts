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

  it("maps a card decline and a 3-D Secure requirement to payment_declined with a reason", async () => {
    expect((await pay("pm_card_chargeDeclined")).body).toMatchObject({
      code: "payment_declined",
      declineReason: "generic_decline",
    });
    expect((await pay("pm_card_authenticationRequired")).body).toMatchObject({
      code: "payment_declined",
      declineReason: "authentication_required",
    });
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

  it("refuses a webhook with a wrong signature", async () => {
    const res = await deliver(
      { id: "evt_x", object: "event", type: "payment_intent.succeeded", data: { object: {} } },
      "whsec_wrong",
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("webhook_signature_invalid");
  });
});
