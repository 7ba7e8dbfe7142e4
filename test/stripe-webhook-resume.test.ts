import { sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recoverCheckouts } from "../src/modules/checkout/index.ts";
import { queryRows } from "../src/shared/db/database.ts";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";
import { instantTiming } from "./support/fake-gateway.ts";
import { startFakeStripe } from "./support/fake-stripe.ts";

const webhookSecret = "whsec_resume";

describe.each(databaseKinds())("a Stripe webhook resumes a checkout waiting for 3-D Secure on %s", (kind) => {
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
  }, 120_000); // migrations on a busy shared machine
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  let seq = 0;
  /** A cart whose first completion Stripe answered with requires_action. */
  const challenged = async () => {
    const cart = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    const complete = (key = `resume-${seq}`) =>
      app.call("POST", `/store/carts/${cart.cartId}/complete`, {
        headers: { ...cart.headers, "idempotency-key": key },
        body: { payment: { provider: "stripe", token: "pm_card_authenticationRequired" } },
      });
    seq++;
    const first = await complete();
    expect(first.status).toBe(402);
    const attemptId = first.body.action.attemptId as string;
    const intent = [...fake.intents.values()].find(
      (i) => (i.metadata as { cartwright_key: string }).cartwright_key === attemptId,
    )!;
    return { ...cart, complete, attemptId, intent };
  };
  const event = (id: string, type: string, intentId: string) => ({
    id,
    object: "event",
    type,
    data: { object: { id: intentId, object: "payment_intent" } },
  });
  const deliver = (body: Record<string, unknown>, secret = webhookSecret) => {
    const payload = JSON.stringify(body);
    return app.call("POST", "/webhooks/stripe", {
      headers: { "stripe-signature": signer.webhooks.generateTestHeaderString({ payload, secret }) },
      body: payload,
    });
  };
  const ordersFor = (cartId: string) =>
    queryRows<{ id: string }>(app.database.db, sql`select id from orders where cart_id = ${cartId}`);
  const attemptStatus = async (attemptId: string) =>
    (
      await queryRows<{ status: string }>(
        app.database.db,
        sql`select status from checkout_attempts where id = ${attemptId}`,
      )
    )[0]?.status;
  const heldUnits = async (attemptId: string) => {
    const rows = await queryRows<{ n: string | null }>(
      app.database.db,
      sql`select sum(quantity) as n from inventory_reservations where reference = ${attemptId} and status = 'held'`,
    );
    return Number(rows[0]?.n ?? 0);
  };
  const cartStatus = async (c: { cartId: string; headers: Record<string, string> }) =>
    (await app.call("GET", `/store/carts/${c.cartId}`, { headers: c.headers })).body.status;

  it("places the order as soon as amount_capturable_updated arrives, before the shopper comes back", async () => {
    const c = await challenged();
    fake.authenticate(c.intent.id, true);
    const res = await deliver(
      event(`evt_ok_${seq}`, "payment_intent.amount_capturable_updated", c.intent.id),
    );
    expect(res.status).toBe(200);
    const orders = await ordersFor(c.cartId);
    expect(orders).toHaveLength(1);
    expect(await attemptStatus(c.attemptId)).toBe("placed");
    expect(await heldUnits(c.attemptId)).toBe(0); // committed, not held
    // The shopper's own retry afterwards finds the same order; no second PaymentIntent.
    const back = await c.complete(`resume-back-${seq}`);
    expect(back.status).toBe(200);
    expect(back.body.id).toBe(orders[0]!.id);
    const intents = [...fake.intents.values()].filter(
      (i) => (i.metadata as { cartwright_key: string }).cartwright_key === c.attemptId,
    );
    expect(intents).toHaveLength(1);
  });

  it("places the order on payment_intent.succeeded and records the capture it implies", async () => {
    const c = await challenged();
    fake.authenticate(c.intent.id, true);
    Object.assign(c.intent, { status: "succeeded", amount_received: c.intent.amount }); // automatic capture
    const res = await deliver(event(`evt_succ_${seq}`, "payment_intent.succeeded", c.intent.id));
    expect(res.body.result).toBe("applied");
    const [order] = await ordersFor(c.cartId);
    expect(order).toBeDefined();
    const payments = await queryRows<{ status: string; captured_amount: number; order_id: string }>(
      app.database.db,
      sql`select status, captured_amount::int as captured_amount, order_id from payments where attempt_id = ${c.attemptId}`,
    );
    expect(payments).toEqual([{ status: "captured", captured_amount: c.intent.amount, order_id: order!.id }]);
  });

  it("converges on one order when the webhook, the shopper's retry and the sweeper race", async () => {
    const c = await challenged();
    fake.authenticate(c.intent.id, true);
    const [hook, retry, sweep] = await Promise.all([
      deliver(event(`evt_race_${seq}`, "payment_intent.amount_capturable_updated", c.intent.id)),
      c.complete(),
      recoverCheckouts(app.ctx, { staleAfterMs: 0 }),
    ]);
    expect(hook.body.result).toBe("applied");
    expect(retry.status).toBe(200);
    expect(sweep.settled + sweep.stillPending).toBeLessThanOrEqual(1); // only this attempt was live
    const orders = await ordersFor(c.cartId);
    expect(orders).toEqual([{ id: retry.body.id }]);
    const payments = await queryRows<{ n: string }>(
      app.database.db,
      sql`select count(*) as n from payments where attempt_id = ${c.attemptId}`,
    );
    expect(Number(payments[0]!.n)).toBe(1);
  });

  it("has one effect when the same event is delivered five times in parallel, and again later", async () => {
    const c = await challenged();
    fake.authenticate(c.intent.id, true);
    const once = event(`evt_dup_${seq}`, "payment_intent.amount_capturable_updated", c.intent.id);
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(once)));
    expect(results.map((r) => r.body.result).sort()).toEqual([
      "applied",
      "duplicate",
      "duplicate",
      "duplicate",
      "duplicate",
    ]);
    const replay = await deliver(once);
    expect(replay.body.result).toBe("duplicate");
    expect(await ordersFor(c.cartId)).toHaveLength(1);
    const placed = await queryRows<{ n: string }>(
      app.database.db,
      sql`select count(*) as n from outbox where type = 'order.placed' and payload->>'cartId' = ${c.cartId}`,
    );
    expect(Number(placed[0]!.n)).toBe(1);
  });

  it("undoes the attempt on payment_failed: stock released, cart open, no order", async () => {
    const c = await challenged();
    expect(await heldUnits(c.attemptId)).toBe(1);
    fake.authenticate(c.intent.id, false);
    const res = await deliver(event(`evt_fail_${seq}`, "payment_intent.payment_failed", c.intent.id));
    expect(res.status).toBe(200);
    expect(await attemptStatus(c.attemptId)).toBe("failed");
    expect(await heldUnits(c.attemptId)).toBe(0);
    expect(await cartStatus(c)).toBe("open");
    expect(await ordersFor(c.cartId)).toHaveLength(0);
    // The shopper coming back is told why, and may pay another way.
    const back = await c.complete(`resume-after-fail-${seq}`);
    expect(back.status).not.toBe(200);
  });

  it("undoes the attempt when the PaymentIntent is cancelled", async () => {
    const c = await challenged();
    Object.assign(c.intent, { status: "canceled", next_action: null });
    const res = await deliver(event(`evt_cancel_${seq}`, "payment_intent.canceled", c.intent.id));
    expect(res.status).toBe(200);
    expect(await attemptStatus(c.attemptId)).toBe("failed");
    expect(await heldUnits(c.attemptId)).toBe(0);
    expect(await cartStatus(c)).toBe("open");
  });

  it("leaves a still-waiting attempt alone, and never acts on an unsigned delivery", async () => {
    const c = await challenged();
    const early = await deliver(
      event(`evt_early_${seq}`, "payment_intent.amount_capturable_updated", c.intent.id),
    );
    expect(early.status).toBe(200);
    expect(await attemptStatus(c.attemptId)).toBe("authorizing");
    fake.authenticate(c.intent.id, true);
    const forged = await deliver(
      event(`evt_forged_${seq}`, "payment_intent.amount_capturable_updated", c.intent.id),
      "whsec_wrong",
    );
    expect(forged.status).toBe(400);
    expect(await attemptStatus(c.attemptId)).toBe("authorizing");
    expect(await ordersFor(c.cartId)).toHaveLength(0);
  });
});
