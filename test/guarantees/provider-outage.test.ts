import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestGateway, type PaymentGateway } from "../../src/modules/payments/index.ts";
import { FixedClock } from "../../src/shared/clock.ts";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { chargesOfCart, complete, ordersOfCart } from "./audit.ts";

/**
 * The test processor, built once the app's database exists. While `isDown()` every call times
 * out before reaching it: nothing is charged, nothing can be looked up.
 */
function downableGateway(build: () => PaymentGateway, isDown: () => boolean): PaymentGateway {
  let gateway: PaymentGateway | undefined;
  const timeout = { status: "unknown", reason: "timeout" } as const;
  return new Proxy({ provider: "test" } as PaymentGateway, {
    get(_target, prop) {
      if (prop === "provider") return "test";
      gateway ??= build();
      if (isDown() && prop !== "void") return async () => timeout;
      const member: unknown = Reflect.get(gateway, prop);
      return typeof member === "function" ? member.bind(gateway) : member;
    },
  });
}

// G18 and G6: while the payment provider is down, clients are told when to retry, and a retry
// (same key or new key) works once it is back; an order already placed is never hidden.
describe.each(databaseKinds())("a payment provider outage on %s", (kind) => {
  let app: TestApp;
  let providerDown = false;
  const clock = new FixedClock("2026-03-02T10:00:00Z");
  beforeAll(async () => {
    app = await startTestApp(kind, {
      clock,
      gateways: {
        test: downableGateway(
          () => createTestGateway(app.database.db, clock),
          () => providerDown,
        ),
      },
      paymentResilience: {
        timing: { now: () => clock.now().getTime(), sleep: async () => {}, random: () => 0.5 },
        breakerFailureThreshold: 2,
        breakerOpenMs: 30_000,
      },
    });
  });
  afterAll(async () => app?.close());

  /** Takes the provider down and trips its circuit breaker with one shopper's checkout. */
  async function startOutage() {
    providerDown = true;
    const victim = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    const res = await complete(app, victim, `victim-${clock.now().getTime()}`);
    expect(res.body.code).toBe("payment_pending");
  }
  function endOutage() {
    providerDown = false;
    clock.advance(31_000); // past the breaker's open window
  }

  it("answers 503 with Retry-After during the outage and completes the same key once it is over", async () => {
    const cart = await readyCart(app, { lines: [{ sku: "MUG-350", quantity: 1 }] });
    await startOutage();

    const refused = await complete(app, cart, "during-outage");
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe("payment_provider_unavailable");
    expect(refused.headers["retry-after"]).toBeDefined();
    expect(await chargesOfCart(app.database.db, cart.cartId)).toEqual([]);

    endOutage();
    const retried = await complete(app, cart, "during-outage");
    expect(retried.status).toBe(200);
    expect(retried.headers["idempotent-replayed"]).toBeUndefined();
    expect(await ordersOfCart(app.database.db, cart.cartId)).toEqual([retried.body.id]);
  });

  it("still returns the order of a completed cart while the provider is down", async () => {
    const cart = await readyCart(app, { lines: [{ sku: "MUG-350", quantity: 1 }] });
    const placed = await complete(app, cart, "before-outage");
    expect(placed.status).toBe(200);
    await startOutage();

    const again = await complete(app, cart, "retry-in-outage");
    expect([again.status, again.body.id]).toEqual([200, placed.body.id]);
    endOutage();
  });
});
