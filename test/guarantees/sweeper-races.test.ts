import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/shared/clock.ts";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import {
  attemptsOfCart,
  cartStatus,
  chargesOfCart,
  complete,
  ordersOfCart,
  paymentsOfCart,
  stockRow,
} from "./audit.ts";

// G5 and G7 when the recovery sweeper and the shopper's own request act on the same attempt.
// The hooks run the sweeper at an exact point of the request, with the clock past staleness.
describe.each(databaseKinds())("the sweeper racing a checkout in flight on %s", (kind) => {
  let app: TestApp;
  const clock = new FixedClock("2026-03-02T10:00:00Z");
  let sweepAt: "afterPrepare" | "afterAuthorize" | undefined;
  const sweepIf = (step: "afterPrepare" | "afterAuthorize") => async () => {
    if (sweepAt !== step) return;
    sweepAt = undefined;
    clock.advance(2 * 60_000);
    await app.sweep();
  };
  beforeAll(async () => {
    app = await startTestApp(kind, {
      clock,
      hooks: { afterPrepare: sweepIf("afterPrepare"), afterAuthorize: sweepIf("afterAuthorize") },
    });
  });
  afterAll(async () => app?.close());

  it("gives the shopper the order the sweeper placed when it finished the attempt first", async () => {
    const db = app.database.db;
    const cart = await readyCart(app, { lines: [{ sku: "TEE-S", quantity: 1 }] });
    const before = await stockRow(db, "TEE-S");

    sweepAt = "afterAuthorize";
    const res = await complete(app, cart, "swept-after-authorize");

    const orders = await ordersOfCart(db, cart.cartId);
    expect(orders).toHaveLength(1);
    expect([res.status, res.body.id]).toEqual([200, orders[0]]);
    expect(await chargesOfCart(db, cart.cartId)).toEqual([expect.objectContaining({ status: "authorized" })]);
    expect(await paymentsOfCart(db, cart.cartId)).toEqual([
      expect.objectContaining({ status: "authorized", orderId: orders[0] }),
    ]);
    expect(await stockRow(db, "TEE-S")).toEqual({ onHand: before.onHand - 1, reserved: 0 });
  });

  it("voids the late charge when the sweeper released the attempt before the provider answered", async () => {
    const db = app.database.db;
    const cart = await readyCart(app, { lines: [{ sku: "TEE-S", quantity: 2 }] });
    const before = await stockRow(db, "TEE-S");

    sweepAt = "afterPrepare";
    const res = await complete(app, cart, "swept-after-prepare");

    expect(res.status).toBe(402);
    expect(res.body).toMatchObject({ code: "payment_declined", declineReason: "attempt_expired" });
    expect(await ordersOfCart(db, cart.cartId)).toEqual([]);
    expect(await attemptsOfCart(db, cart.cartId)).toEqual([expect.objectContaining({ status: "failed" })]);
    expect(await chargesOfCart(db, cart.cartId)).toEqual([expect.objectContaining({ status: "voided" })]);
    expect(await stockRow(db, "TEE-S")).toEqual(before);
    expect(await cartStatus(db, cart.cartId)).toBe("open");

    const retried = await complete(app, cart, "after-release");
    expect(retried.status).toBe(200);
    expect(await ordersOfCart(db, cart.cartId)).toEqual([retried.body.id]);
  });
});
