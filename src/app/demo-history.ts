import { randomUUID } from "node:crypto";
import { receiveStock } from "../modules/inventory/index.ts";
import { listOrders } from "../modules/orders/index.ts";
import { createPromotion } from "../modules/promotions/index.ts";
import type { Clock } from "../shared/clock.ts";
import type { App } from "./app.ts";
import type { Config } from "./config.ts";
import {
  approvedCards,
  type PlannedCheckout,
  pick,
  planCheckouts,
  planStreams,
  type Step,
  steps,
} from "./demo-plan.ts";
import { demoAddresses } from "./demo-shoppers.ts";

/**
 * Demo history: a few hundred past checkouts driven through the real Store API, so the merchant
 * center's dashboards and order list have something to show on a fresh demo store. Shoppers
 * abandon at every step, some cards are declined (and some retried), they pay in each of the
 * store's currencies from several countries, and some use promotion codes. The sweep runs as time
 * goes by, so idle carts are marked abandoned and reminded, and some of those shoppers come back
 * a few hours later and pay (recovered carts). A travelling clock dates every request, so step
 * views, events and orders carry their past timestamps.
 */

/** The system clock, or a set moment while the history is generated. */
export class TravelClock implements Clock {
  #at: Date | undefined;
  now(): Date {
    return this.#at ? new Date(this.#at) : new Date();
  }
  travelTo(at: Date): void {
    this.#at = new Date(at);
  }
  /** Back to the system clock. */
  resume(): void {
    this.#at = undefined;
  }
}

/** DEMO_HISTORY when set, else on exactly when the demo store is seeded. */
export const isDemoHistoryOn = (config: Config): boolean => config.DEMO_HISTORY ?? config.SEED_DEMO;

export interface DemoHistoryOptions {
  checkouts: number;
  /**
   * An Admin API key: with it, older orders are also captured, shipped, some refunded or cancelled,
   * the way a merchant works through them. Without it they all stay authorized and unfulfilled.
   */
  adminKey?: string | undefined;
  days?: number;
  /** PRNG seed: the same seed plans the same history. */
  seed?: number;
  onProgress?(done: number, total: number): void;
}

export interface DemoHistoryReport {
  checkouts: number;
  orders: number;
  declines: number;
  /** Checkouts that never became an order. */
  abandoned: number;
  /** Of the orders, those placed when the shopper came back to a reminded cart. */
  recovered: number;
  /** Requests that failed where the plan expected success (a sample, for the log). */
  unexpected: string[];
}

/** A cart left open by its first visit, and when its shopper comes back. */
interface ReturnVisit {
  at: Date;
  plan: PlannedCheckout;
  cart: OpenCart;
}

/** Whether the history should be generated: no order placed yet. */
export async function hasNoOrderHistory(app: App): Promise<boolean> {
  return (await listOrders(app.ctx.db, { limit: 1 })).length === 0;
}

/**
 * Generates the history through the Store API (app.server.inject) with `clock` travelling to each
 * request's moment, then delivers the events so the analytics projection has them. Restocks what
 * the planned orders will sell first, so the demo store's own stock is left as seeded. Resumes
 * the system clock when done, also on failure.
 */
export async function generateDemoHistory(
  app: App,
  clock: TravelClock,
  options: DemoHistoryOptions,
): Promise<DemoHistoryReport> {
  const seed = options.seed ?? 20_261_122;
  const now = Date.now();
  const days = options.days ?? 60;
  const streams = planStreams(seed);
  // After planning, what the merchant does with each order is drawn from the same stream.
  const random = streams.what;
  const plans = planCheckouts(streams, options.checkouts, days, now, app.config.STORE_CURRENCIES);
  const report: DemoHistoryReport = {
    checkouts: plans.length,
    orders: 0,
    declines: 0,
    abandoned: 0,
    recovered: 0,
    unexpected: [],
  };
  // The sweep's "cart recovery pass" lines would break the terminal's progress bar.
  const log = app.ctx.log;
  const level = log.level;
  if (log.levelVal < 40) log.level = "warn";
  let sweptAt = 0;
  /** The background sweep as it would have run then: marks idle carts abandoned, sends due reminders. */
  const sweep = async (at: number) => {
    if (at - sweptAt < 3_600_000) return;
    sweptAt = at;
    clock.travelTo(new Date(at));
    await app.sweep();
  };
  const returns: ReturnVisit[] = [];
  const comeBack = async (visit: ReturnVisit) => {
    // Just before the visit, so the reminder that brings the shopper back has gone out.
    await sweep(visit.at.getTime() - 60_000);
    const order = await resumeCheckout(app, clock, visit, report);
    if (!order) return;
    report.recovered++;
    report.abandoned--;
    if (options.adminKey) await workThrough(app, clock, order, options.adminKey, now, random);
  };
  try {
    const opening = new Date(now - (days + 1) * 86_400_000);
    clock.travelTo(opening);
    await prepareStore(app, plans, opening);
    for (const [i, plan] of plans.entries()) {
      while (returns[0] && returns[0].at <= plan.start) await comeBack(returns.shift()!);
      await sweep(plan.start.getTime());
      const visit = await runCheckout(app, clock, plan, report);
      if (visit?.order && options.adminKey)
        await workThrough(app, clock, visit.order, options.adminKey, now, random);
      if (visit?.open && plan.returnsAfterHours !== undefined) {
        const at = new Date(visit.open.leftAt.getTime() + plan.returnsAfterHours * 3_600_000);
        if (at.getTime() < now - 15 * 60_000) {
          returns.push({ at, plan, cart: visit.open });
          returns.sort((a, b) => a.at.getTime() - b.at.getTime());
        }
      }
      options.onProgress?.(i + 1, plans.length);
    }
    for (const visit of returns) await comeBack(visit);
    await sweep(now - 15 * 60_000);
  } finally {
    clock.resume();
    log.level = level;
  }
  // Delivered here rather than by the workers later, so the dashboards are ready at start-up.
  while ((await app.events.dispatchOnce()) > 0);
  return report;
}

async function prepareStore(app: App, plans: PlannedCheckout[], at: Date): Promise<void> {
  const units = new Map<string, number>();
  // Shoppers who come back pay too (a few come back too late and leave some units spare).
  for (const p of plans)
    if (p.reach === steps.length || p.returnsAfterHours !== undefined)
      for (const l of p.lines) units.set(l.sku, (units.get(l.sku) ?? 0) + l.quantity);
  for (const [sku, quantity] of units) await receiveStock(app.ctx.db, sku, quantity, at);
  const promotions = [
    {
      label: "Welcome: 10% off",
      code: "WELCOME10",
      effect: { kind: "order_percentage" as const, ratePpm: 100_000 },
    },
    { label: "Free shipping", code: "FREESHIP", effect: { kind: "free_shipping" as const } },
  ];
  for (const p of promotions) {
    // A code taken already (a store that had its own) just stays as it is.
    await createPromotion(
      app.ctx.db,
      {
        label: p.label,
        automatic: false,
        codes: [p.code],
        priority: 0,
        stacking: "exclusive",
        rules: { conditions: {}, effect: p.effect },
      },
      at,
    );
  }
}

/** A cart a shopper left open, and what the next visit needs to go on with it. */
interface OpenCart {
  cartId: string;
  headers: Record<string, string>;
  device: PlannedCheckout["device"];
  /** Stages already done (see `stagesOf`). */
  done: number;
  leftAt: Date;
}

interface Visit {
  order?: PlacedOrder;
  open?: OpenCart;
}

/** One shopper's first visit: each step's request at its own moment, as far as the plan goes. */
async function runCheckout(
  app: App,
  clock: TravelClock,
  plan: PlannedCheckout,
  report: DemoHistoryReport,
): Promise<Visit | undefined> {
  const session = new StoreSession(app, clock, plan.start.getTime(), report);
  clock.travelTo(plan.start);
  const created = await session.send("POST", "/store/carts", { currency: plan.currency });
  if (!session.expect("create cart", created)) return undefined;
  const cart: OpenCart = {
    cartId: (created.body.cart as { id: string }).id,
    headers: { "x-cart-token": String(created.body.token) },
    device: plan.device,
    done: 0,
    leftAt: plan.start,
  };
  for (const line of plan.lines) {
    const added = await session.send("POST", `/store/carts/${cart.cartId}/lines`, line, cart.headers);
    if (!session.expect("add line", added)) return undefined;
    session.advance(5, 40);
  }
  await session.seen(cart, "cart_viewed");
  const order = await runStages(session, plan, cart, plan.reach, plan.cards);
  if (order) report.orders++;
  else report.abandoned++;
  cart.leftAt = new Date(session.at);
  return order ? { order } : { open: cart };
}

/** The shopper comes back to a reminded cart, fills in what was missing and pays with a card that works. */
async function resumeCheckout(
  app: App,
  clock: TravelClock,
  visit: ReturnVisit,
  report: DemoHistoryReport,
): Promise<PlacedOrder | undefined> {
  const session = new StoreSession(app, clock, visit.at.getTime(), report);
  clock.travelTo(visit.at);
  const cards = [
    approvedCards[visit.cart.cartId.charCodeAt(visit.cart.cartId.length - 1) % approvedCards.length]!,
  ];
  const order = await runStages(session, visit.plan, visit.cart, steps.length, cards);
  if (order) report.orders++;
  return order;
}

/**
 * The checkout's stages in order: checkout started, contact, address, shipping, payment step,
 * pay. Runs those after `cart.done` up to `reach`; returns the order when the last one paid.
 */
async function runStages(
  session: StoreSession,
  plan: PlannedCheckout,
  cart: OpenCart,
  reach: number,
  cards: string[],
): Promise<PlacedOrder | undefined> {
  const url = `/store/carts/${cart.cartId}`;
  const { headers } = cart;
  const stages: (() => Promise<boolean | PlacedOrder>)[] = [
    async () => {
      session.advance(10, 90);
      await session.seen(cart, "checkout_started");
      return true;
    },
    async () => {
      session.advance(15, 60);
      const contact = await session.send("PUT", `${url}/contact`, { email: plan.shopper.email }, headers);
      if (!session.expect("contact", contact)) return false;
      await session.seen(cart, "contact");
      return true;
    },
    async () => {
      session.advance(30, 150);
      const street = pick(Math.random, demoAddresses[plan.country] ?? demoAddresses.US!);
      const address = {
        firstName: plan.shopper.firstName,
        lastName: plan.shopper.lastName,
        country: plan.country,
        ...street,
      };
      if (!session.expect("address", await session.send("PUT", `${url}/shipping-address`, address, headers)))
        return false;
      await session.seen(cart, "address");
      return true;
    },
    async () => {
      session.advance(8, 45);
      const options = await session.send("GET", `${url}/shipping-options`, undefined, headers);
      const methods = options.body as unknown as { id: string; code: string }[];
      const method = methods.find?.((m) => m.code === (plan.express ? "express" : "standard")) ?? methods[0];
      if (!method) {
        session.expect("shipping options", { status: 422, body: { code: "no_shipping_method" } });
        return false;
      }
      const chosen = await session.send("PUT", `${url}/shipping-method`, { methodId: method.id }, headers);
      if (!session.expect("shipping", chosen)) return false;
      await session.seen(cart, "shipping");
      return true;
    },
    async () => {
      session.advance(10, 40);
      await session.seen(cart, "payment");
      // A code is typed on the payment step, where the summary shows; a refused one is just not used.
      if (plan.code) await session.send("POST", `${url}/promotion-codes`, { code: plan.code }, headers);
      return true;
    },
    async () => {
      for (const token of cards) {
        session.advance(20, 100);
        const paid = await session.send(
          "POST",
          `${url}/complete`,
          { payment: { provider: "test", token } },
          { ...headers, "idempotency-key": randomUUID() },
        );
        if (paid.status < 300)
          return {
            id: String(paid.body.id),
            at: new Date(session.at),
            total: (paid.body.amountCharged as { amount: number } | undefined)?.amount ?? 0,
            lines: plan.lines,
          };
        if (paid.body.code === "payment_declined") session.report.declines++;
        else session.expect("complete", paid);
      }
      return false;
    },
  ];
  for (let stage = cart.done; stage < Math.min(reach, stages.length); stage++) {
    const result = await stages[stage]!();
    if (result === false) return undefined;
    cart.done = stage + 1;
    if (result !== true) return result;
  }
  return undefined;
}

/** Store API requests through app.server.inject, each at the session's travelling moment. */
class StoreSession {
  constructor(
    private readonly app: App,
    private readonly clock: TravelClock,
    public at: number,
    readonly report: DemoHistoryReport,
  ) {}

  advance(minSeconds: number, maxSeconds: number): void {
    this.at += (minSeconds + Math.random() * (maxSeconds - minSeconds)) * 1000;
    this.clock.travelTo(new Date(this.at));
  }

  async send(
    method: "GET" | "POST" | "PUT",
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await this.app.server.inject({
      method,
      url,
      headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    return {
      status: res.statusCode,
      body: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {},
    };
  }

  /** True when the request succeeded; a refusal the plan did not expect is noted in the report. */
  expect(what: string, res: { status: number; body: Record<string, unknown> }): boolean {
    if (res.status < 400) return true;
    if (this.report.unexpected.length < 10)
      this.report.unexpected.push(`${what}: ${res.status} ${String(res.body.code)}`);
    return false;
  }

  seen(cart: OpenCart, step: Step) {
    return this.send(
      "POST",
      "/store/analytics/events",
      { cartId: cart.cartId, step, device: cart.device },
      cart.headers,
    );
  }
}

interface PlacedOrder {
  id: string;
  at: Date;
  total: number;
  lines: { sku: string; quantity: number }[];
}

/**
 * What the merchant did with an order, a few hours to days after it was placed, through the
 * Admin API: most are captured and shipped with a label, a few refunded (in part or in full) or
 * cancelled. Orders of the last two days are left to do, so the demo has work waiting.
 */
async function workThrough(
  app: App,
  clock: TravelClock,
  order: PlacedOrder,
  key: string,
  now: number,
  random: () => number,
): Promise<void> {
  let at = order.at.getTime() + (2 + random() * 20) * 3_600_000;
  if (at > now - 2 * 86_400_000) return;
  const admin = async (url: string, body: unknown = {}) => {
    clock.travelTo(new Date(at));
    at += (5 + random() * 30) * 60_000;
    const res = await app.server.inject({
      method: "POST",
      url,
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        "idempotency-key": randomUUID(),
      },
      payload: JSON.stringify(body),
    });
    return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
  };
  const orderUrl = `/admin/orders/${order.id}`;
  const fate = random();
  if (fate < 0.04) {
    await admin(`${orderUrl}/cancel`, { reason: "Customer asked to cancel" });
    return;
  }
  // With CAPTURE_ON=fulfilment the shipment captures; a refused capture here is that case.
  await admin(`${orderUrl}/payments/capture`);
  const shipment = await admin(`${orderUrl}/shipments`, { lines: order.lines });
  const shipmentId = (shipment.body.shipment as { id?: string } | undefined)?.id;
  if (!shipmentId) return;
  await admin(`/admin/shipments/${shipmentId}/label`);
  await admin(`/admin/shipments/${shipmentId}/ship`);
  if (fate > 0.94 && order.total > 0) {
    at += (2 + random() * 6) * 86_400_000;
    if (at > now) return;
    const amount = fate > 0.97 ? order.total : Math.max(1, Math.round(order.total * 0.3));
    await admin(`${orderUrl}/payments/refund`, {
      amount,
      reason: amount === order.total ? "Returned" : "Damaged item, partial refund",
    });
  }
}
