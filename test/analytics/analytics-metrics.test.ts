import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { rebuildAnalytics } from "../../src/modules/analytics/index.ts";
import { FixedClock } from "../../src/shared/clock.ts";
import { queryRows } from "../../src/shared/db/database.ts";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";

const minute = 60_000;

describe.each(databaseKinds())("checkout analytics from the event stream on %s", (kind) => {
  let app: TestApp | undefined;
  let clock: FixedClock;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** The device each cart reported, by cart id (the orders table does not know it). */
  const devices = new Map<string, string>();
  const start = async () => {
    devices.clear();
    clock = new FixedClock("2030-06-15T09:00:00Z");
    app = await startTestApp(kind, { clock });
    return app;
  };
  const admin = (a: TestApp) => ({ authorization: `Bearer ${a.apiKey}` });
  const report = async (a: TestApp, cartId: string, token: string, step: string, device?: string) => {
    const res = await a.call("POST", "/store/analytics/events", {
      headers: { "x-cart-token": token },
      body: { cartId, step, ...(device ? { device } : {}) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    return res.body as { recorded: boolean };
  };
  const complete = (
    a: TestApp,
    cartId: string,
    token: string,
    key: string,
    card: string,
    expectedTotal?: unknown,
  ) =>
    a.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { "x-cart-token": token, "idempotency-key": key },
      body: { payment: { provider: "test", token: card }, ...(expectedTotal ? { expectedTotal } : {}) },
    });
  /** Dispatches until the outbox is empty: every event delivered, no waiting on a timer. */
  const deliver = async (a: TestApp) => {
    while ((await a.events.dispatchOnce()) > 0);
  };

  /**
   * A realistic morning: a full funnel, a decline then a retry, a second currency on the next day,
   * a stock-out lost to a faster shopper, a price change, and a cart that was only looked at.
   * Returns when each started checkout started, by cart id.
   */
  async function runMix(a: TestApp): Promise<Map<string, Date>> {
    const started = new Map<string, Date>();
    const begin = async (options: Parameters<typeof readyCart>[1], steps: string[], device: string) => {
      const cart = await readyCart(a, options);
      devices.set(cart.cartId, device);
      for (const step of steps) {
        await report(a, cart.cartId, cart.token, step, device);
        if (step === "checkout_started") started.set(cart.cartId, clock.now());
        clock.advance(minute);
      }
      return cart;
    };
    const all = ["cart_viewed", "checkout_started", "contact", "address", "shipping", "payment"];

    const promo = await a.call("POST", "/admin/promotions", {
      headers: admin(a),
      body: { label: "10 % off", codes: ["TENOFF"], effect: { kind: "order_percentage", ratePpm: 100_000 } },
    });
    expect(promo.status).toBe(201);
    const full = await begin({}, all, "desktop");
    await a.call("POST", `/store/carts/${full.cartId}/promotion-codes`, {
      headers: full.headers,
      body: { code: "tenoff" },
    });
    expect((await complete(a, full.cartId, full.token, "a1", "tok_visa")).status).toBe(200);

    clock.advance(37 * minute);
    const declined = await begin({}, ["checkout_started", "payment"], "mobile");
    const refused = await complete(a, declined.cartId, declined.token, "b1", "tok_chargeDeclined");
    expect(refused.body.code).toBe("payment_declined");
    clock.advance(2 * minute);
    expect((await complete(a, declined.cartId, declined.token, "b2", "tok_mastercard")).status).toBe(200);

    clock.advance(24 * 60 * minute);
    const euro = await begin({ currency: "EUR" }, ["checkout_started", "contact", "payment"], "desktop");
    expect((await complete(a, euro.cartId, euro.token, "c1", "tok_visa")).status).toBe(200);

    const hoodies = { lines: [{ sku: "HOODIE-SLATE", quantity: 10 }] };
    const first = await begin(hoodies, ["checkout_started"], "tablet");
    const second = await begin(hoodies, ["checkout_started"], "desktop");
    expect((await complete(a, first.cartId, first.token, "d1", "tok_visa")).status).toBe(200);
    const stockOut = await complete(a, second.cartId, second.token, "e1", "tok_visa");
    expect(stockOut.body.code).toBe("insufficient_stock");

    const moved = await begin({}, ["checkout_started", "payment"], "mobile");
    const changed = await complete(a, moved.cartId, moved.token, "f1", "tok_visa", {
      amount: 1,
      currency: "USD",
    });
    expect(changed.body.code).toBe("price_changed");

    const browsing = await readyCart(a);
    await report(a, browsing.cartId, browsing.token, "cart_viewed", "mobile");
    await deliver(a);
    return started;
  }

  const metrics = async (a: TestApp, query = "") => {
    const get = async (path: string) => {
      const res = await a.call("GET", `/admin/analytics/${path}${query}`, { headers: admin(a) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };
    return {
      summary: await get("summary"),
      funnel: await get("funnel"),
      peakHours: await get("peak-hours"),
      paymentMethods: await get("payment-methods"),
    };
  };

  it("reports the same figures as SQL over the orders and payments tables", async () => {
    const a = await start();
    const started = await runMix(a);
    const { summary, funnel, peakHours, paymentMethods } = await metrics(a);
    const db = a.ctx.db;

    const orders = await queryRows<{ cart_id: string; placed_at: Date | string }>(
      db,
      sql`select cart_id, placed_at from orders`,
    );
    expect(summary.checkoutsStarted).toBe(started.size);
    expect(summary.orders).toBe(orders.length);
    expect(summary.completionRate).toBeCloseTo(orders.length / started.size, 10);
    const durations = orders
      .map((o) => (new Date(o.placed_at).getTime() - started.get(o.cart_id)!.getTime()) / 1000)
      .sort((x, y) => x - y);
    const mean = durations.reduce((s, d) => s + d, 0) / durations.length;
    const mid = durations.length / 2;
    expect(summary.checkoutDuration.averageSeconds).toBeCloseTo(mean, 6);
    expect(summary.checkoutDuration.medianSeconds).toBeCloseTo(
      (durations[mid - 1]! + durations[mid]!) / 2,
      6,
    );

    const payments = await queryRows<{
      provider: string;
      attempts: number;
      authorized: number;
      reason: string;
    }>(
      db,
      sql`select provider, count(*)::int as attempts, count(*) filter (where status <> 'failed')::int as authorized,
                 string_agg(failure_reason, ',') as reason
          from payments group by provider`,
    );
    expect(summary.gateways).toEqual(
      payments.map((p) => ({
        provider: p.provider,
        method: "card",
        attempts: p.attempts,
        authorized: p.authorized,
        failed: p.attempts - p.authorized,
        successRatio: p.authorized / p.attempts,
        declineReasons: [{ reason: p.reason, count: 1 }],
      })),
    );

    const value = await queryRows<{ currency: string; orders: number; revenue: string; average: string }>(
      db,
      sql`select currency, count(*)::int as orders, sum(total)::text as revenue, round(avg(total))::text as average
          from orders group by currency order by currency`,
    );
    expect(summary.orderValue).toEqual(
      value.map((v) => ({ ...v, revenue: Number(v.revenue), average: Number(v.average) })),
    );
    const promotions = await queryRows<{ code: string; discount: string }>(
      db,
      sql`select p->>'code' as code, o.discount_total::text as discount
          from orders o cross join lateral jsonb_array_elements(o.promotions) p`,
    );
    expect(promotions).toHaveLength(1);
    expect(summary.promotions).toEqual({
      ordersWithPromotion: 1,
      codes: [{ code: promotions[0]!.code, orders: 1 }],
      discounts: [{ currency: "USD", amount: Number(promotions[0]!.discount) }],
    });

    const hours = await queryRows<{
      weekday: number;
      hour: number;
      orders: number;
      currency: string;
      revenue: string;
    }>(
      db,
      sql`select extract(isodow from placed_at at time zone 'UTC')::int as weekday,
                 extract(hour from placed_at at time zone 'UTC')::int as hour,
                 count(*)::int as orders, currency, sum(total)::text as revenue
          from orders group by 1, 2, 4 order by 1, 2, 4`,
    );
    // One cell per weekday and hour, with one revenue entry per currency.
    const cells = new Map<string, { weekday: number; hour: number; orders: number; revenue: unknown[] }>();
    for (const h of hours) {
      const cell = cells.get(`${h.weekday}:${h.hour}`) ?? {
        weekday: h.weekday,
        hour: h.hour,
        orders: 0,
        revenue: [],
      };
      cell.orders += h.orders;
      cell.revenue.push({ amount: Number(h.revenue), currency: h.currency });
      cells.set(`${h.weekday}:${h.hour}`, cell);
    }
    expect(peakHours.cells).toEqual([...cells.values()]);

    const methods = await queryRows<{ date: string; method: string; orders: number }>(
      db,
      sql`select to_char(placed_at at time zone 'UTC', 'YYYY-MM-DD') as date, payment->>'brand' as method,
                 count(*)::int as orders
          from orders group by 1, 2 order by 1, 2`,
    );
    const flat = paymentMethods.days.flatMap(
      (d: { date: string; methods: { method: string; orders: number }[] }) =>
        d.methods.map((m) => ({ date: d.date, method: m.method, orders: m.orders })),
    );
    expect(flat).toEqual(methods);

    // Segments: the same orders split by new/returning (an earlier order by the same email),
    // device (what the storefront reported for the cart) and shipping country.
    const bySegment = await queryRows<{ cart_id: string; method: string; customer: string; country: string }>(
      db,
      sql`select o.cart_id, o.payment->>'brand' as method, o.shipping_address->>'country' as country,
                 case when exists (select 1 from orders p where lower(p.email) = lower(o.email)
                                   and p.placed_at < o.placed_at) then 'returning' else 'new' end as customer
          from orders o`,
    );
    const expected = new Map<string, Map<string, number>>();
    for (const o of bySegment)
      for (const [dimension, segment] of [
        ["customer", o.customer],
        ["device", devices.get(o.cart_id)],
        ["country", o.country],
      ]) {
        const counts = expected.get(`${dimension}:${segment}`) ?? new Map<string, number>();
        counts.set(o.method, (counts.get(o.method) ?? 0) + 1);
        expected.set(`${dimension}:${segment}`, counts);
      }
    const segments = paymentMethods.segments as {
      dimension: string;
      segment: string;
      orders: number;
      methods: { method: string; orders: number; share: number }[];
    }[];
    expect(new Set(segments.map((s) => `${s.dimension}:${s.segment}`))).toEqual(new Set(expected.keys()));
    for (const s of segments) {
      const counts = expected.get(`${s.dimension}:${s.segment}`)!;
      const total = [...counts.values()].reduce((n, c) => n + c, 0);
      expect(s.orders).toBe(total);
      expect(s.methods).toEqual(
        [...counts]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([method, n]) => ({ method, orders: n, share: n / total })),
      );
    }
    expect(segments.filter((s) => s.dimension === "customer").map((s) => s.segment)).toEqual([
      "returning",
      "new",
    ]);

    const declineReason = payments[0]!.reason;
    expect(funnel.steps.map((s: { step: string; count: number }) => [s.step, s.count])).toEqual([
      ["cart_viewed", started.size + 1],
      ["checkout_started", started.size],
      // Every started checkout here tried to pay, which implies the steps before it.
      ["contact", started.size],
      ["address", started.size],
      ["shipping", started.size],
      ["payment", started.size],
      ["completed", orders.length],
    ]);
    expect(funnel.reasons).toEqual(
      expect.arrayContaining([
        { category: "payment_declined", code: "payment_declined", reason: declineReason, count: 1 },
        { category: "out_of_stock", code: "insufficient_stock", reason: null, count: 1 },
        { category: "price_changed", code: "price_changed", reason: null, count: 1 },
      ]),
    );
    expect(funnel.reasons).toHaveLength(3);
  });

  it("filters by device, currency and customer, and by period", async () => {
    const a = await start();
    await runMix(a);
    const mobile = (await metrics(a, "?device=mobile")).summary;
    expect([mobile.checkoutsStarted, mobile.orders]).toEqual([2, 1]);
    const euro = (await metrics(a, "?currency=EUR")).summary;
    expect(euro.orderValue.map((v: { currency: string }) => v.currency)).toEqual(["EUR"]);
    expect(euro.gateways[0].attempts).toBe(1);
    // Every cart uses the same email: only the first checkout came before any order.
    expect((await metrics(a, "?customer=new")).summary.checkoutsStarted).toBe(1);
    const nextDay = (await metrics(a, "?from=2030-06-16T00:00:00Z&to=2030-06-17T00:00:00Z")).summary;
    expect(nextDay.orders).toBe(2);
    const bad = await a.call(
      "GET",
      "/admin/analytics/summary?from=2030-06-17T00:00:00Z&to=2030-06-16T00:00:00Z",
      {
        headers: admin(a),
      },
    );
    expect(bad.status).toBe(400);
  });

  it("counts nothing twice when every event is delivered again", async () => {
    const a = await start();
    await runMix(a);
    const before = await metrics(a);
    await a.ctx.db.execute(sql`update outbox set dispatched_at = null, next_attempt_at = null`);
    await deliver(a);
    const undispatched = await queryRows<{ n: number }>(
      a.ctx.db,
      sql`select count(*)::int as n from outbox where dispatched_at is null`,
    );
    expect(undispatched[0]!.n).toBe(0);
    expect(await metrics(a)).toEqual(before);
  });

  it("rebuilds the same figures from the outbox on a fresh analytics state", async () => {
    const a = await start();
    await runMix(a);
    const before = await metrics(a);
    await a.ctx.db.execute(
      sql`truncate analytics_checkouts, analytics_checkout_failures, analytics_payment_attempts, analytics_orders`,
    );
    expect((await metrics(a)).summary.orders).toBe(0);
    const report = await rebuildAnalytics(a.ctx);
    expect(report.events).toBeGreaterThan(0);
    expect(await metrics(a)).toEqual(before);
    await rebuildAnalytics(a.ctx);
    expect(await metrics(a)).toEqual(before);
  });

  it("accepts a step report only with the cart's token and ignores a repeat", async () => {
    const a = await start();
    const cart = await readyCart(a);
    expect(await report(a, cart.cartId, cart.token, "checkout_started", "desktop")).toEqual({
      recorded: true,
    });
    expect(await report(a, cart.cartId, cart.token, "checkout_started", "desktop")).toEqual({
      recorded: false,
    });
    const stranger = await a.call("POST", "/store/analytics/events", {
      headers: { "x-cart-token": "not-the-token-of-this-cart" },
      body: { cartId: cart.cartId, step: "payment" },
    });
    expect(stranger.status).toBe(404);
    const invalid = await a.call("POST", "/store/analytics/events", {
      headers: { "x-cart-token": cart.token },
      body: { cartId: cart.cartId, step: "dancing" },
    });
    expect(invalid.status).toBe(400);
    const noScope = await a.call("GET", "/admin/analytics/summary");
    expect(noScope.status).toBe(401);
  });
});
