import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";
import { instantTiming } from "./support/fake-gateway.ts";

/** The public test numbers and what a shopper paying with each should see. */
const cards: [
  number: string,
  outcome: { status: number; code?: string; declineReason?: string; brand?: string },
][] = [
  ["4242424242424242", { status: 200, brand: "visa" }],
  ["5555555555554444", { status: 200, brand: "mastercard" }],
  ["378282246310005", { status: 200, brand: "amex" }],
  ["6011111111111117", { status: 200, brand: "discover" }],
  ["4000056655665556", { status: 200, brand: "visa" }],
  ["2223003122003222", { status: 200, brand: "mastercard" }],
  ["3566002020360505", { status: 200, brand: "jcb" }],
  ["36227206271667", { status: 200, brand: "diners" }],
  ["6200000000000005", { status: 200, brand: "unionpay" }],
  ["4000000000000002", { status: 402, code: "payment_declined", declineReason: "generic_decline" }],
  ["4000000000009995", { status: 402, code: "payment_declined", declineReason: "insufficient_funds" }],
  ["4000000000009987", { status: 402, code: "payment_declined", declineReason: "lost_card" }],
  ["4000000000009979", { status: 402, code: "payment_declined", declineReason: "stolen_card" }],
  ["4000000000000069", { status: 402, code: "payment_declined", declineReason: "expired_card" }],
  ["4000000000000127", { status: 402, code: "payment_declined", declineReason: "incorrect_cvc" }],
  ["4000000000000119", { status: 402, code: "payment_declined", declineReason: "processing_error" }],
  // 3-D Secure: a challenge first; approved, the same attempt resumes into the order.
  ["4000000000003220", { status: 402, code: "payment_action_required", brand: "visa" }],
  ["4000002760003184", { status: 402, code: "payment_action_required", brand: "visa" }],
  ["4100000000000019", { status: 402, code: "payment_declined", declineReason: "fraudulent" }],
];

describe.each(databaseKinds())("each test card through checkout on %s", (kind) => {
  let app: TestApp;
  const retries = instantTiming();
  beforeAll(async () => {
    app = await startTestApp(kind, { paymentResilience: { timing: retries.timing } });
  });
  afterAll(async () => app?.close());

  it.each(cards)("%s: tokenize, complete, and get the card's outcome", async (cardNumber, expected) => {
    const tokenized = await app.call("POST", "/store/payments/test/tokens", {
      body: { cardNumber, expMonth: 12, expYear: 2099, cvc: cardNumber.startsWith("37") ? "1234" : "123" },
    });
    expect(tokenized.status).toBe(201);
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    const complete = () =>
      app.call("POST", `/store/carts/${cartId}/complete`, {
        headers: { ...headers, "idempotency-key": `card-${cardNumber}` },
        body: { payment: { provider: "test", token: tokenized.body.token } },
      });
    const sleepsBefore = retries.state.sleeps.length;
    const res = await complete();
    expect(res.status).toBe(expected.status);
    if (expected.code === "payment_action_required") {
      expect(res.body.code).toBe(expected.code);
      const approved = await app.call("POST", res.body.action.url, { body: { answer: "approve" } });
      expect(approved.body.state).toBe("approved");
      const resumed = await complete();
      expect(resumed.status).toBe(200);
      expect(resumed.body.payment).toEqual({
        provider: "test",
        brand: expected.brand,
        last4: cardNumber.slice(-4),
      });
    } else if (expected.status === 200) {
      expect(res.body.payment).toEqual({
        provider: "test",
        brand: expected.brand,
        last4: cardNumber.slice(-4),
      });
    } else {
      expect(res.body).toMatchObject({ code: expected.code, declineReason: expected.declineReason });
      const cart = await app.call("GET", `/store/carts/${cartId}`, { headers });
      expect(cart.body.status).toBe("open");
      // A processing error is transient: retried with backoff (same key) before the shopper hears of it.
      const retried = retries.state.sleeps.length - sleepsBefore;
      expect(retried).toBe(expected.declineReason === "processing_error" ? 3 : 0);
    }
  });

  it("keeps accepting the literal tok_* tokens", async () => {
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    const res = await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": "literal" },
      body: { payment: { provider: "test", token: "tok_chargeDeclinedInsufficientFunds" } },
    });
    expect(res.body).toMatchObject({ code: "payment_declined", declineReason: "insufficient_funds" });
  });
});
