import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/shared/clock.ts";
import { queryRows } from "../../src/shared/db/database.ts";
import { bankEnv } from "../payments/offline-payments-kit.ts";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";

/**
 * Issue #5, item 7: the gateway success ratio in the Admin API (GET /admin/analytics/summary,
 * `gateways`) gives attempts, successes and failures per provider and method, and failures per
 * decline reason. Checked here against the payments module's own table, with several reasons.
 */
describe.each(databaseKinds())("gateway success ratio on %s", (kind) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const declines = [
    "tok_chargeDeclinedInsufficientFunds",
    "tok_chargeDeclinedInsufficientFunds",
    "tok_chargeDeclinedLostCard",
    "tok_chargeDeclined",
    "tok_chargeDeclinedExpiredCard",
  ];

  it("counts attempts, successes and failures per provider, method and decline reason as the payments table does", async () => {
    const clock = new FixedClock("2030-09-01T08:00:00Z");
    const a = await startTestApp(kind, { clock });
    app = a;
    let key = 0;
    const pay = async (cart: Awaited<ReturnType<typeof readyCart>>, token: string) => {
      clock.advance(60_000);
      return a.call("POST", `/store/carts/${cart.cartId}/complete`, {
        headers: { ...cart.headers, "idempotency-key": `gw-${++key}` },
        body: { payment: { provider: "test", token } },
      });
    };
    // Two carts take all the declines between them, then pay; a third pays at once.
    const first = await readyCart(a);
    const second = await readyCart(a);
    for (const [i, token] of declines.entries()) {
      const res = await pay(i % 2 === 0 ? first : second, token);
      expect(res.body.code, JSON.stringify(res.body)).toBe("payment_declined");
    }
    expect((await pay(first, "tok_visa")).status).toBe(200);
    expect((await pay(second, "tok_mastercard")).status).toBe(200);
    expect((await pay(await readyCart(a), "tok_visa")).status).toBe(200);
    while ((await a.events.dispatchOnce()) > 0);

    const res = await a.call("GET", "/admin/analytics/summary", {
      headers: { authorization: `Bearer ${a.apiKey}` },
    });
    expect(res.status).toBe(200);

    const attempts = await queryRows<{ provider: string; attempts: number; authorized: number }>(
      a.ctx.db,
      sql`select provider, count(*)::int as attempts, count(*) filter (where status <> 'failed')::int as authorized
          from payments group by provider order by provider`,
    );
    const reasons = await queryRows<{ reason: string; count: number }>(
      a.ctx.db,
      sql`select failure_reason as reason, count(*)::int as count from payments where status = 'failed'
          group by failure_reason order by count desc, failure_reason`,
    );
    expect(attempts).toEqual([{ provider: "test", attempts: 8, authorized: 3 }]);
    expect(reasons.length).toBeGreaterThanOrEqual(3);
    expect(res.body.gateways).toEqual([
      {
        provider: "test",
        method: "card",
        attempts: 8,
        authorized: 3,
        failed: 5,
        successRatio: 3 / 8,
        declineReasons: reasons,
      },
    ]);

    // A period that holds only the last three attempts counts only them.
    const late = await a.call(
      "GET",
      `/admin/analytics/summary?from=${encodeURIComponent(new Date(clock.now().getTime() - 150_000).toISOString())}`,
      { headers: { authorization: `Bearer ${a.apiKey}` } },
    );
    const [recent] = await queryRows<{ attempts: number; authorized: number }>(
      a.ctx.db,
      sql`select count(*)::int as attempts, count(*) filter (where status <> 'failed')::int as authorized
          from payments where created_at >= ${new Date(clock.now().getTime() - 150_000).toISOString()}::timestamptz`,
    );
    expect(late.body.gateways).toEqual([
      expect.objectContaining({ attempts: recent!.attempts, authorized: recent!.authorized }),
    ]);
    expect(recent!.attempts).toBeLessThan(8);
  }, 120_000); // eleven checkouts through HTTP: slow on a shared 2-core machine

  it("reports bank transfers as their own method family beside the card", async () => {
    const clock = new FixedClock("2030-09-02T08:00:00Z");
    const a = await startTestApp(kind, { clock }, bankEnv);
    app = a;
    const admin = { authorization: `Bearer ${a.apiKey}` };
    for (const [i, payment] of [
      { provider: "test", token: "tok_visa" },
      { provider: "bank_transfer" },
      { provider: "bank_transfer" },
    ].entries()) {
      clock.advance(60_000);
      const cart = await readyCart(a);
      const res = await a.call("POST", `/store/carts/${cart.cartId}/complete`, {
        headers: { ...cart.headers, "idempotency-key": `family-${i}` },
        body: { payment },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    while ((await a.events.dispatchOnce()) > 0);

    const byProvider = await queryRows<{ provider: string; attempts: number }>(
      a.ctx.db,
      sql`select provider, count(*)::int as attempts from payments group by provider order by provider`,
    );
    const summary = await a.call("GET", "/admin/analytics/summary", { headers: admin });
    expect(
      summary.body.gateways.map((g: { provider: string; method: string; attempts: number }) => [
        g.provider,
        g.method,
        g.attempts,
      ]),
    ).toEqual(byProvider.map((p) => [p.provider, p.provider === "test" ? "card" : p.provider, p.attempts]));
    expect(byProvider.map((p) => p.provider)).toEqual(["bank_transfer", "test"]);

    const methods = await a.call("GET", "/admin/analytics/payment-methods", { headers: admin });
    expect(methods.body.days).toEqual([
      {
        date: "2030-09-02",
        orders: 3,
        methods: [
          { method: "bank_transfer", orders: 2, share: 2 / 3 },
          { method: "visa", orders: 1, share: 1 / 3 },
        ],
      },
    ]);
  }, 60_000);
});
