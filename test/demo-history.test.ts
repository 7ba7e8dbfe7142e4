import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/app/config.ts";
import {
  type DemoHistoryReport,
  generateDemoHistory,
  hasNoOrderHistory,
  isDemoHistoryOn,
  TravelClock,
} from "../src/app/demo-history.ts";
import { planCheckouts, planStreams } from "../src/app/demo-plan.ts";
import { startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";

describe("demo history settings", () => {
  it("follows SEED_DEMO unless DEMO_HISTORY says otherwise", () => {
    expect(isDemoHistoryOn(loadConfig({}))).toBe(true);
    expect(isDemoHistoryOn(loadConfig({ SEED_DEMO: "false" }))).toBe(false);
    expect(isDemoHistoryOn(loadConfig({ DEMO_HISTORY: "false" }))).toBe(false);
    expect(isDemoHistoryOn(loadConfig({ SEED_DEMO: "false", DEMO_HISTORY: "true" }))).toBe(true);
    expect(() => loadConfig({ DEMO_HISTORY_CHECKOUTS: "0" })).toThrow(/DEMO_HISTORY_CHECKOUTS/);
  });
});

describe.each(databaseKinds())("demo history on %s", (kind) => {
  let app: TestApp;
  let report: DemoHistoryReport;
  const clock = new TravelClock();
  const admin = (path: string) =>
    app.call("GET", path, { headers: { authorization: `Bearer ${app.apiKey}` } });
  const started = Date.now();

  beforeAll(async () => {
    app = await startTestApp(kind, { clock });
    expect(await hasNoOrderHistory(app)).toBe(true);
    report = await generateDemoHistory(app, clock, { checkouts: 30, seed: 9, adminKey: app.apiKey });
  }, 120_000);
  afterAll(async () => app?.close());

  it("places orders and leaves abandoned checkouts, through the Store API without a single unexpected refusal", () => {
    expect(report.unexpected).toEqual([]);
    expect(report.checkouts).toBe(30);
    expect(report.orders).toBeGreaterThan(5);
    expect(report.abandoned).toBeGreaterThan(5);
    expect(report.orders + report.abandoned).toBe(30);
  });

  it("marks idle carts abandoned, reminds them, and brings some back as recovered orders", async () => {
    // Every planned comeback happens before "now", whatever the hour the test runs at.
    const comebacks = planCheckouts(planStreams(9), 30, 60, started, app.config.STORE_CURRENCIES).filter(
      (p) => p.returnsAfterHours !== undefined,
    );
    expect(comebacks.length).toBeGreaterThan(0);
    expect(report.recovered).toBe(comebacks.length);
    const from = encodeURIComponent(new Date(started - 61 * 86_400_000).toISOString());
    const { recovery } = (await admin(`/admin/analytics/summary?from=${from}`)).body;
    expect(recovery.recoveredCarts).toBe(report.recovered);
    expect(recovery.abandonedCarts).toBeGreaterThanOrEqual(report.recovered);
    expect(recovery.remindedCarts).toBeGreaterThanOrEqual(report.recovered);
    expect(recovery.recoveredRevenue.length).toBeGreaterThan(0);
  });

  it("dates everything in the past 60 days and gives the clock back", async () => {
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(5_000);
    const { orders } = (await admin("/admin/orders?limit=100")).body as { orders: { placedAt: string }[] };
    expect(orders).toHaveLength(report.orders);
    const times = orders.map((o) => Date.parse(o.placedAt));
    expect(Math.max(...times)).toBeLessThan(started);
    expect(Math.min(...times)).toBeGreaterThan(started - 61 * 86_400_000);
    // Spread over the period, not bunched on one day.
    expect(new Set(orders.map((o) => o.placedAt.slice(0, 10))).size).toBeGreaterThan(5);
    expect(await hasNoOrderHistory(app)).toBe(false);
  });

  it("shows up in the analytics summary and funnel for the past 60 days", async () => {
    const from = encodeURIComponent(new Date(started - 61 * 86_400_000).toISOString());
    const summary = (await admin(`/admin/analytics/summary?from=${from}`)).body;
    expect(summary.orders).toBe(report.orders);
    expect(summary.checkoutsStarted).toBeGreaterThanOrEqual(report.orders);
    expect(summary.completionRate).toBeGreaterThan(0);
    expect(summary.completionRate).toBeLessThan(1);
    expect(summary.checkoutDuration.medianSeconds).toBeGreaterThan(30);
    expect(summary.gateways[0].attempts).toBeGreaterThanOrEqual(report.orders + report.declines);
    const currencies = summary.orderValue.map((v: { currency: string }) => v.currency).sort();
    expect(currencies).toEqual(["EUR", "USD"]);

    const funnel = (await admin(`/admin/analytics/funnel?from=${from}`)).body;
    const counts = Object.fromEntries(
      funnel.steps.map((s: { step: string; count: number }) => [s.step, s.count]),
    );
    expect(counts.cart_viewed).toBe(30);
    expect(counts.completed).toBe(report.orders);
    // Abandonment at several steps: the funnel narrows more than once.
    const drops = funnel.steps.filter((s: { dropOff: number }) => s.dropOff > 0);
    expect(drops.length).toBeGreaterThan(2);

    const peak = (await admin(`/admin/analytics/peak-hours?from=${from}`)).body;
    expect(peak.cells.reduce((n: number, c: { orders: number }) => n + c.orders, 0)).toBe(report.orders);
  });

  it("works through older orders like a merchant: captured and shipped ones, and some still to do", async () => {
    const { orders } = (await admin("/admin/orders?limit=100")).body as {
      orders: { paymentStatus: string; fulfillmentStatus: string; placedAt: string }[];
    };
    const old = orders.filter((o) => Date.parse(o.placedAt) < started - 4 * 86_400_000);
    expect(old.some((o) => o.fulfillmentStatus === "fulfilled")).toBe(true);
    expect(old.some((o) => o.paymentStatus === "captured")).toBe(true);
    const recent = orders.filter((o) => Date.parse(o.placedAt) > started - 86_400_000);
    for (const o of recent) expect(o.fulfillmentStatus).toBe("unfulfilled");
  });
});
