import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "../src/shared/clock.ts";
import { startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";

describe.each(databaseKinds())("test-card tokenization on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { clock: new FixedClock("2030-06-15T12:00:00Z") });
  });
  afterAll(async () => app?.close());

  const tokenize = (body: Record<string, unknown>) =>
    app.call("POST", "/store/payments/test/tokens", {
      body: { expMonth: 12, expYear: 2031, cvc: "123", ...body },
    });

  it("returns a random token with brand and last 4 for a valid card", async () => {
    const res = await tokenize({ cardNumber: "4242 4242 4242 4242" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      token: expect.stringMatching(/^tok_test_[\w-]{20,}$/),
      brand: "visa",
      last4: "4242",
    });
    const again = await tokenize({ cardNumber: "4242424242424242" });
    expect(again.body.token).not.toBe(res.body.token);
  });

  it("refuses an invalid card with card_invalid and one error per field", async () => {
    const res = await tokenize({ cardNumber: "4242424242424241", expMonth: 1, expYear: 2030, cvc: "12" });
    expect(res.status).toBe(422);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.body.code).toBe("card_invalid");
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "cardNumber",
      "cvc",
      "expYear",
    ]);
  });

  it("uses the injected clock for expiry", async () => {
    const res = await tokenize({ cardNumber: "5555555555554444", expMonth: 6, expYear: 2030 });
    expect(res.status).toBe(201);
  });

  it("documents the route in the OpenAPI document under store", async () => {
    const doc = await app.call("GET", "/openapi.json");
    expect(doc.body.paths["/store/payments/test/tokens"].post.tags).toEqual(["store"]);
  });
});
