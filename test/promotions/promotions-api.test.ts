import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";

describe.each(databaseKinds())("promotions and gift cards through the API on %s", (kind) => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp(kind);
    admin = { authorization: `Bearer ${app.apiKey}` };
  });
  afterAll(async () => app?.close());

  const tiered = {
    label: "10 off over 100, 25 off over 200",
    codes: ["Spring25"],
    conditions: { currencies: ["USD"] },
    effect: {
      kind: "tiered",
      tiers: {
        USD: [
          { threshold: 10_000, amount: 1_000 },
          { threshold: 20_000, amount: 2_500 },
        ],
      },
    },
    usageLimit: 100,
    perCustomerLimit: 1,
  };

  it("creates a promotion with validated rules and lists it", async () => {
    const created = await app.call("POST", "/admin/promotions", { headers: admin, body: tiered });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      label: tiered.label,
      codes: ["Spring25"],
      used: 0,
      status: "active",
    });
    const listed = await app.call("GET", "/admin/promotions", { headers: admin });
    expect(listed.body.promotions.map((p: { id: string }) => p.id)).toContain(created.body.id);
  });

  it("refuses a code that another promotion has in another case with promotion_code_taken", async () => {
    const res = await app.call("POST", "/admin/promotions", {
      headers: admin,
      body: { ...tiered, codes: ["SPRING25"] },
    });
    expect([res.status, res.body.code]).toEqual([409, "promotion_code_taken"]);
  });

  it.each([
    ["a rate above 100 %", { effect: { kind: "order_percentage", ratePpm: 1_000_001 } }],
    ["a fractional amount", { effect: { kind: "order_fixed", amounts: { USD: 9.99 } } }],
    ["an unknown currency", { effect: { kind: "order_fixed", amounts: { XYZ: 100 } } }],
    ["an unknown kind", { effect: { kind: "half_price_tuesdays" } }],
    ["no code and not automatic", { codes: [] }],
  ])("answers 400 for %s", async (_label, change) => {
    const res = await app.call("POST", "/admin/promotions", {
      headers: admin,
      body: { ...tiered, codes: ["X-NEW"], ...change },
    });
    expect([res.status, res.body.code]).toEqual([400, "validation_failed"]);
  });

  it("needs the promotions scopes", async () => {
    const res = await app.call("GET", "/admin/promotions");
    expect(res.status).toBe(401);
  });

  it("issues a gift card, shows its code once, and reports its balance and ledger", async () => {
    const issued = await app.call("POST", "/admin/gift-cards", {
      headers: admin,
      body: { amount: { amount: 5_000, currency: "KWD" } },
    });
    expect(issued.status).toBe(201);
    expect(issued.body.code).toMatch(/^GC(-[0-9A-Z]{4}){4}$/);
    expect(issued.body.balance).toEqual({ amount: 5_000, currency: "KWD" });

    const read = await app.call("GET", `/admin/gift-cards/${issued.body.id}`, { headers: admin });
    expect(read.status).toBe(200);
    expect(read.body.code).toBeUndefined();
    expect(read.body.codeHint).toBe(issued.body.code.replaceAll("-", "").slice(-4));
    expect(read.body.ledger).toEqual([]);

    const balance = await app.call(
      "GET",
      `/store/gift-cards/balance?code=${encodeURIComponent(issued.body.code)}`,
    );
    expect(balance.status).toBe(200);
    expect(balance.body).toEqual({
      balance: { amount: 5_000, currency: "KWD" },
      status: "active",
      expiresAt: null,
    });
  });

  it("answers an unknown gift card code with 404 not_found and nothing more", async () => {
    const res = await app.call("GET", "/store/gift-cards/balance?code=GC-AAAA-BBBB-CCCC-DDDD");
    expect([res.status, res.body.code]).toEqual([404, "not_found"]);
    expect(Object.keys(res.body).sort()).toEqual(["code", "detail", "instance", "status", "title", "type"]);
  });

  it("documents the routes in the OpenAPI document", async () => {
    const doc = await app.call("GET", "/openapi.json");
    for (const path of [
      "/admin/promotions",
      "/admin/gift-cards",
      "/admin/gift-cards/{giftCardId}",
      "/store/gift-cards/balance",
    ])
      expect(Object.keys(doc.body.paths)).toContain(path);
  });
});
