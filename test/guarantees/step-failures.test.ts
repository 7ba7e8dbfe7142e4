import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckoutHooks } from "../../src/modules/checkout/index.ts";
import { createTestGateway, type PaymentGateway } from "../../src/modules/payments/index.ts";
import { FixedClock } from "../../src/shared/clock.ts";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import {
  attemptsOfCart,
  cartStatus,
  chargesOfCart,
  complete,
  heldUnitsOfCart,
  ordersOfCart,
  paymentsOfCart,
  stockRow,
} from "./audit.ts";

type Step = keyof CheckoutHooks;
const steps: Step[] = ["afterPrepare", "afterAuthorize", "beforePlace"];

/**
 * The test processor, built once the app's database exists (startTestApp opens it). While
 * `isDown()` it still takes the charge but the answer is lost (a timeout), and lookups time out
 * too: the nasty case where the caller cannot tell whether money moved.
 */
function unreliableGateway(build: () => PaymentGateway, isDown: () => boolean): PaymentGateway {
  let gateway: PaymentGateway | undefined;
  const timeout = { status: "unknown", reason: "timeout" } as const;
  return new Proxy({ provider: "test" } as PaymentGateway, {
    get(_target, prop) {
      if (prop === "provider") return "test";
      gateway ??= build();
      const inner = gateway;
      if (prop === "authorize")
        return async (request: Parameters<PaymentGateway["authorize"]>[0]) => {
          const outcome = await inner.authorize(request);
          return isDown() ? timeout : outcome;
        };
      if (prop === "lookup" && isDown()) return async () => timeout;
      const member: unknown = Reflect.get(inner, prop);
      return typeof member === "function" ? member.bind(inner) : member;
    },
  });
}

// G7 (no orphan charge, no orphan hold) and G5 when a step of the saga fails.
describe.each(databaseKinds())("a failure at any checkout step on %s", (kind) => {
  let app: TestApp;
  let failAt: Step | undefined;
  const failing = (step: Step) => async () => {
    if (failAt === step) throw new Error(`injected failure at ${step}`);
  };
  beforeAll(async () => {
    app = await startTestApp(kind, {
      hooks: {
        afterPrepare: failing("afterPrepare"),
        afterAuthorize: failing("afterAuthorize"),
        beforePlace: failing("beforePlace"),
      },
    });
  });
  afterAll(async () => app?.close());

  it.each(steps)(
    "leaves no held stock, no live authorization and an open cart when %s fails, and the cart completes afterwards",
    async (step) => {
      const db = app.database.db;
      const cart = await readyCart(app, { lines: [{ sku: "TEE-L", quantity: 2 }] });
      const before = await stockRow(db, "TEE-L");

      failAt = step;
      const failed = await complete(app, cart, `fail-${step}`);
      failAt = undefined;

      expect(failed.status).toBe(500);
      expect(failed.body.code).toBe("internal_error");
      expect(await stockRow(db, "TEE-L")).toEqual(before);
      expect(await heldUnitsOfCart(db, cart.cartId)).toBe(0);
      expect(await cartStatus(db, cart.cartId)).toBe("open");
      expect(await ordersOfCart(db, cart.cartId)).toEqual([]);
      expect(await attemptsOfCart(db, cart.cartId)).toEqual([expect.objectContaining({ status: "failed" })]);
      for (const p of await paymentsOfCart(db, cart.cartId)) expect(p.status).toBe("voided");
      // Past prepare the provider holds a charge: it must have been voided, not forgotten.
      const charged = step === "afterPrepare" ? [] : [expect.objectContaining({ status: "voided" })];
      expect(await chargesOfCart(db, cart.cartId)).toEqual(charged);

      const retried = await complete(app, cart, `retry-${step}`);
      expect(retried.status).toBe(200);
      expect(await ordersOfCart(db, cart.cartId)).toEqual([retried.body.id]);
      expect(await stockRow(db, "TEE-L")).toEqual({ onHand: before.onHand - 2, reserved: 0 });
      const live = (await paymentsOfCart(db, cart.cartId)).filter((p) => p.status !== "voided");
      expect(live).toEqual([expect.objectContaining({ status: "authorized", orderId: retried.body.id })]);
    },
  );
});

describe.each(databaseKinds())("a gateway timeout after the charge exists on %s", (kind) => {
  let app: TestApp;
  let providerDown = false;
  const clock = new FixedClock("2026-03-02T10:00:00Z");
  beforeAll(async () => {
    app = await startTestApp(kind, {
      clock,
      gateways: {
        test: unreliableGateway(
          () => createTestGateway(app.database.db, clock),
          () => providerDown,
        ),
      },
      // Retries run on the test clock without waiting; the circuit breaker is not under test here.
      paymentResilience: {
        timing: { now: () => clock.now().getTime(), sleep: async () => {}, random: () => 0.5 },
        breakerFailureThreshold: 1_000,
      },
    });
  });
  afterAll(async () => app?.close());

  it("answers payment_pending, then the sweeper places exactly one order for the one charge and a retry gets it", async () => {
    const db = app.database.db;
    const cart = await readyCart(app, { lines: [{ sku: "MUG-350", quantity: 4 }] });
    const before = await stockRow(db, "MUG-350");

    providerDown = true;
    const pending = await complete(app, cart, "pending-1");
    expect(pending.status).toBe(409);
    expect(pending.body.code).toBe("payment_pending");
    expect(pending.headers["retry-after"]).toBeDefined();
    expect(await chargesOfCart(db, cart.cartId)).toEqual([expect.objectContaining({ status: "authorized" })]);
    expect(await stockRow(db, "MUG-350")).toEqual({ onHand: before.onHand, reserved: 4 });

    // Still down and not yet stale: the sweeper leaves the attempt alone.
    await app.sweep();
    expect(await ordersOfCart(db, cart.cartId)).toEqual([]);

    providerDown = false;
    clock.advance(2 * 60_000);
    await app.sweep();
    await app.sweep(); // a second pass changes nothing

    const orders = await ordersOfCart(db, cart.cartId);
    expect(orders).toHaveLength(1);
    expect(await chargesOfCart(db, cart.cartId)).toEqual([expect.objectContaining({ status: "authorized" })]);
    expect(await paymentsOfCart(db, cart.cartId)).toEqual([
      expect.objectContaining({ status: "authorized", orderId: orders[0] }),
    ]);
    expect(await stockRow(db, "MUG-350")).toEqual({ onHand: before.onHand - 4, reserved: 0 });

    const sameKey = await complete(app, cart, "pending-1");
    const newKey = await complete(app, cart, "pending-2");
    expect([sameKey.status, sameKey.body.id]).toEqual([200, orders[0]]);
    expect([newKey.status, newKey.body.id]).toEqual([200, orders[0]]);
    expect(await chargesOfCart(db, cart.cartId)).toHaveLength(1);
  });
});
