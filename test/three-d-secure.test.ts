import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "../src/shared/clock.ts";
import { queryRows } from "../src/shared/db/database.ts";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";
import { instantTiming } from "./support/fake-gateway.ts";

/** 4000 0000 0000 3220: the public test card that always asks for a 3-D Secure challenge. */
const challengeCard = "4000000000003220";

describe.each(databaseKinds())("3-D Secure challenges resume the same checkout attempt on %s", (kind) => {
  let app: TestApp;
  const clock = new FixedClock("2030-03-02T10:00:00Z");
  beforeAll(async () => {
    app = await startTestApp(kind, { clock, paymentResilience: { timing: instantTiming().timing } });
  });
  afterAll(async () => app?.close());

  const tokenize = async (cardNumber = challengeCard) => {
    const res = await app.call("POST", "/store/payments/test/tokens", {
      body: { cardNumber, expMonth: 12, expYear: 2099, cvc: "123" },
    });
    expect(res.status).toBe(201);
    return res.body.token as string;
  };
  let seq = 0;
  /** A ready cart and its first completion with the challenge card: answered with the challenge. */
  const challenged = async () => {
    const cart = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    const token = await tokenize();
    const key = `tds-${++seq}`;
    const complete = (k = key, payment: { provider: string; token: string } = { provider: "test", token }) =>
      app.call("POST", `/store/carts/${cart.cartId}/complete`, {
        headers: { ...cart.headers, "idempotency-key": k },
        body: { payment },
      });
    const first = await complete();
    expect(first.status).toBe(402);
    expect(first.body.code).toBe("payment_action_required");
    const url = first.body.action.url as string;
    return { ...cart, token, key, complete, first, url };
  };
  const answer = (url: string, a: "approve" | "fail") => app.call("POST", url, { body: { answer: a } });
  const cartStatus = async (c: { cartId: string; headers: Record<string, string> }) =>
    (await app.call("GET", `/store/carts/${c.cartId}`, { headers: c.headers })).body.status;
  const ordersFor = (cartId: string) =>
    queryRows<{ id: string }>(app.database.db, sql`select id from orders where cart_id = ${cartId}`);
  const heldUnits = async (cartId: string) => {
    const rows = await queryRows<{ n: string | null }>(
      app.database.db,
      sql`select sum(r.quantity) as n from inventory_reservations r
          join checkout_attempts a on a.id = r.reference
          where a.cart_id = ${cartId} and r.status = 'held'`,
    );
    return Number(rows[0]?.n ?? 0);
  };
  const chargeStatus = async (url: string) => {
    const id = url.split("/").pop()!;
    const rows = await queryRows<{ status: string }>(
      app.database.db,
      sql`select status from payments_test_processor_charges where challenge_id = ${id}`,
    );
    return rows[0]?.status;
  };

  it("answers the first completion with a challenge, holding the stock and freezing the cart", async () => {
    const c = await challenged();
    expect(c.first.body.action).toMatchObject({
      type: "three_d_secure",
      url: expect.stringMatching(/^\/store\/payments\/test\/challenges\/tds_[\w-]{40,}$/),
      attemptId: expect.stringMatching(/^att_/),
    });
    expect(c.first.body.action.providerReference).toBeUndefined();
    expect(await cartStatus(c)).not.toBe("open");
    expect(await heldUnits(c.cartId)).toBe(1);
    expect(await chargeStatus(c.url)).toBe("requires_action");

    const page = await app.server.inject({ method: "GET", url: c.url });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'self'");
    expect(page.body).toContain("Complete authentication");
    expect(page.body).toContain("Fail authentication");
    expect(page.body).toContain("ending in 3220");
    expect(page.body).not.toContain(challengeCard);
  });

  it("places the order once after the shopper approves, when the cart is completed again with the same key", async () => {
    const c = await challenged();
    // Completing again before answering gets the same challenge back, not a second attempt.
    const again = await c.complete();
    expect(again.body).toMatchObject({ code: "payment_action_required", action: { url: c.url } });
    expect(await answer(c.url, "approve")).toMatchObject({ status: 200, body: { state: "approved" } });

    const placed = await c.complete();
    expect(placed.status).toBe(200);
    expect(placed.body.payment).toEqual({ provider: "test", brand: "visa", last4: "3220" });
    const replay = await c.complete();
    expect(replay.headers["idempotent-replayed"]).toBe("true");
    expect(replay.body.id).toBe(placed.body.id);
    const other = await c.complete("tds-another-key");
    expect(other.body.id).toBe(placed.body.id);

    expect(await ordersFor(c.cartId)).toHaveLength(1);
    const attempts = await queryRows<{ id: string; status: string }>(
      app.database.db,
      sql`select id, status from checkout_attempts where cart_id = ${c.cartId}`,
    );
    expect(attempts).toEqual([{ id: c.first.body.action.attemptId, status: "placed" }]);
    const payments = await queryRows<{ status: string; order_id: string }>(
      app.database.db,
      sql`select status, order_id from payments where attempt_id = ${c.first.body.action.attemptId}`,
    );
    expect(payments).toEqual([{ status: "authorized", order_id: placed.body.id }]);
    expect(await answer(c.url, "fail")).toMatchObject({ body: { state: "approved" } }); // too late to change
  });

  it("converges on one order when five completions race after the approval", async () => {
    const c = await challenged();
    await answer(c.url, "approve");
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => c.complete(`race-${seq}-${i}`)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await ordersFor(c.cartId)).toHaveLength(1);
  });

  it("declines after a failed challenge: the stock is released, the cart reopens and another card pays", async () => {
    const c = await challenged();
    expect(await answer(c.url, "fail")).toMatchObject({ body: { state: "failed" } });
    const declined = await c.complete();
    expect(declined.status).toBe(402);
    expect(declined.body).toMatchObject({
      code: "payment_declined",
      declineReason: "authentication_failed",
    });
    expect(await cartStatus(c)).toBe("open");
    expect(await heldUnits(c.cartId)).toBe(0);
    const history = await queryRows<{ status: string; failure_reason: string }>(
      app.database.db,
      sql`select status, failure_reason from payments where attempt_id = ${c.first.body.action.attemptId}`,
    );
    expect(history).toEqual([{ status: "failed", failure_reason: "authentication_failed" }]);

    const paid = await c.complete("tds-retry", { provider: "test", token: "tok_visa" });
    expect(paid.status).toBe(200);
    expect(await ordersFor(c.cartId)).toHaveLength(1);
  });

  it("releases everything when the shopper closes the challenge, and a later approval authorizes nothing", async () => {
    const c = await challenged();
    const cancel = () =>
      app.call("POST", `/store/carts/${c.cartId}/payment-action/cancel`, { headers: c.headers });
    expect(await cancel()).toMatchObject({ status: 200, body: { result: "cancelled" } });
    expect(await cartStatus(c)).toBe("open");
    expect(await heldUnits(c.cartId)).toBe(0);
    expect(await chargeStatus(c.url)).toBe("voided");
    expect(await answer(c.url, "approve")).toMatchObject({ body: { state: "cancelled" } });
    expect(await chargeStatus(c.url)).toBe("voided");
    const again = await cancel();
    expect(again).toMatchObject({ status: 409, body: { code: "payment_action_not_pending" } });
    const page = await app.server.inject({ method: "GET", url: c.url });
    expect(page.body).toContain("cancelled");

    // The same key now starts a fresh attempt, which asks for a fresh challenge.
    const fresh = await c.complete();
    expect(fresh.body.code).toBe("payment_action_required");
    expect(fresh.body.action.url).not.toBe(c.url);
  });

  it("voids an approval that lands just before the shopper's cancel: no charge without an order (G7)", async () => {
    const c = await challenged();
    await answer(c.url, "approve");
    const cancelled = await app.call("POST", `/store/carts/${c.cartId}/payment-action/cancel`, {
      headers: c.headers,
    });
    expect(cancelled.body.result).toBe("cancelled");
    expect(await chargeStatus(c.url)).toBe("voided");
    const payments = await queryRows<{ status: string }>(
      app.database.db,
      sql`select status from payments where attempt_id = ${c.first.body.action.attemptId}`,
    );
    expect(payments).toEqual([{ status: "voided" }]);
    expect(await ordersFor(c.cartId)).toHaveLength(0);
  });

  it("lets the shopper pay with another card instead, cancelling the waiting challenge", async () => {
    const c = await challenged();
    const paid = await c.complete("tds-other-card", {
      provider: "test",
      token: await tokenize("4242424242424242"),
    });
    expect(paid.status).toBe(200);
    expect(paid.body.payment.last4).toBe("4242");
    expect(await chargeStatus(c.url)).toBe("voided");
    const attempts = await queryRows<{ status: string; failure_code: string | null }>(
      app.database.db,
      sql`select status, failure_code from checkout_attempts where cart_id = ${c.cartId} order by created_at, id`,
    );
    expect(attempts.map((a) => a.status).sort()).toEqual(["failed", "placed"]);
    expect(attempts.find((a) => a.status === "failed")?.failure_code).toBe("authentication_abandoned");
  });

  it("keeps an unanswered challenge through the sweeper's window, then releases it", async () => {
    const c = await challenged();
    clock.advance(5 * 60_000);
    await app.sweep();
    expect(await cartStatus(c)).not.toBe("open");
    expect(await chargeStatus(c.url)).toBe("requires_action");
    clock.advance(11 * 60_000);
    await app.sweep();
    expect(await cartStatus(c)).toBe("open");
    expect(await heldUnits(c.cartId)).toBe(0);
    expect(await chargeStatus(c.url)).toBe("voided");
  });

  it("places the order from the sweeper when the shopper approved and never came back", async () => {
    const c = await challenged();
    await answer(c.url, "approve");
    clock.advance(2 * 60_000);
    await app.sweep();
    expect(await ordersFor(c.cartId)).toHaveLength(1);
    expect(await cartStatus(c)).toBe("completed");
    const placed = await c.complete();
    expect(placed.status).toBe(200);
  });

  it("refuses an unknown challenge with a problem, not a page", async () => {
    const res = await app.call("GET", "/store/payments/test/challenges/tds_doesnotexist0000");
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("not_found");
    const bad = await app.call("POST", "/store/payments/test/challenges/tds_doesnotexist0000", {
      body: { answer: "maybe" },
    });
    expect(bad.status).toBe(400);
  });
});
