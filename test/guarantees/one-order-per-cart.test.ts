import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { chargesOfCart, complete, heldUnitsOfCart, ordersOfCart, paymentsOfCart, stockRow } from "./audit.ts";

// G5 (one order per cart) and G6 (idempotency keys) under parallel requests. On PGlite the
// database serializes them; on PostgreSQL they really race (one pooled connection each).
describe.each(databaseKinds())("one order per cart under parallel completions on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => app?.close());

  it("gives all 20 parallel callers with different keys the same single order and takes the stock once", async () => {
    const cart = await readyCart(app, { lines: [{ sku: "TEE-S", quantity: 2 }] });
    const before = await stockRow(app.database.db, "TEE-S");

    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => complete(app, cart, `parallel-${i}`)),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const orderIds = new Set(responses.map((r) => r.body.id));
    expect(orderIds.size).toBe(1);
    expect(await ordersOfCart(app.database.db, cart.cartId)).toEqual([...orderIds]);
    expect(await stockRow(app.database.db, "TEE-S")).toEqual({ onHand: before.onHand - 2, reserved: 0 });
    expect(await heldUnitsOfCart(app.database.db, cart.cartId)).toBe(0);
    const payments = await paymentsOfCart(app.database.db, cart.cartId);
    expect(payments).toEqual([expect.objectContaining({ status: "authorized", orderId: [...orderIds][0] })]);
    expect(await chargesOfCart(app.database.db, cart.cartId)).toHaveLength(1);
  });

  it("places one order when 50 different keys race on the same cart", async () => {
    const cart = await readyCart(app, { lines: [{ sku: "MUG-350", quantity: 1 }] });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => complete(app, cart, `fifty-${i}`)),
    );

    const orders = await ordersOfCart(app.database.db, cart.cartId);
    expect(orders).toHaveLength(1);
    expect(responses.map((r) => [r.status, r.body.id])).toEqual(Array(50).fill([200, orders[0]]));
    expect(await chargesOfCart(app.database.db, cart.cartId)).toHaveLength(1);
  });

  it("runs a key sent 10 times in parallel once: the others replay it or are told to retry", async () => {
    const cart = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 3 }] });
    const responses = await Promise.all(Array.from({ length: 10 }, () => complete(app, cart, "one-key")));

    const orders = await ordersOfCart(app.database.db, cart.cartId);
    expect(orders).toHaveLength(1);
    const original = responses.filter((r) => r.status === 200 && r.headers["idempotent-replayed"] !== "true");
    expect(original).toHaveLength(1);
    for (const r of responses) {
      if (r.status === 200) {
        expect(r.body).toEqual(original[0]!.body);
      } else {
        expect(r.status).toBe(409);
        expect(r.body.code).toBe("idempotency_key_in_use");
        expect(r.headers["retry-after"]).toBe("1");
      }
    }
    const retried = await complete(app, cart, "one-key");
    expect(retried.status).toBe(200);
    expect(retried.headers["idempotent-replayed"]).toBe("true");
    expect(retried.body).toEqual(original[0]!.body);
    expect(await chargesOfCart(app.database.db, cart.cartId)).toHaveLength(1);
  });

  it("refuses a key reused with another request body with 422 and changes nothing", async () => {
    const cart = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    const first = await complete(app, cart, "reused");
    const other = await complete(app, cart, "reused", "tok_mastercard");
    expect(other.status).toBe(422);
    expect(other.body.code).toBe("idempotency_key_mismatch");
    expect(await ordersOfCart(app.database.db, cart.cartId)).toEqual([first.body.id]);
    expect(await chargesOfCart(app.database.db, cart.cartId)).toHaveLength(1);
  });
});
