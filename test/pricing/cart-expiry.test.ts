import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/shared/clock.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { addLine, newCart, readCart } from "./pricing-kit.ts";

const day = 86_400_000;

describe.each(databaseKinds())("cart expiry on %s", (kind) => {
  let app: TestApp;
  let clock: FixedClock;
  beforeAll(async () => {
    clock = new FixedClock("2026-03-02T10:00:00Z");
    app = await startTestApp(kind, { clock }, { CART_TTL_DAYS: "7", CART_PURGE_AFTER_DAYS: "30" });
  });
  afterAll(async () => app?.close());

  it("expires a cart idle longer than the TTL: reads say so, edits and completion get 410", async () => {
    const idle = await newCart(app);
    await addLine(app, idle, { sku: "MUG-350", quantity: 1 });
    clock.advance(6 * day);
    const active = await newCart(app);
    await addLine(app, active, { sku: "MUG-350", quantity: 1 });
    clock.advance(1 * day + 1000);
    await app.sweep();

    const read = await readCart(app, idle);
    expect(read.status).toBe(200);
    expect(read.body.status).toBe("expired");
    expect(read.body.lines).toHaveLength(1);
    const edit = await addLine(app, idle, { sku: "STICKERS-5", quantity: 1 });
    expect(edit.status).toBe(410);
    expect(edit.headers["content-type"]).toMatch(/problem\+json/);
    expect(edit.body.code).toBe("cart_expired");
    const complete = await app.call("POST", `/store/carts/${idle.cartId}/complete`, {
      headers: { ...idle.headers, "idempotency-key": `exp-${idle.cartId}` },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });
    expect(complete.status).toBe(410);
    expect(complete.body.code).toBe("cart_expired");

    // Edited six days ago: still open, and an edit restarts its clock.
    expect((await readCart(app, active)).body.status).toBe("open");
    expect((await addLine(app, active, { sku: "STICKERS-5", quantity: 1 })).status).toBe(200);
  });

  it("deletes expired guest carts after the purge period, but keeps customers' carts", async () => {
    const guest = await newCart(app);
    await addLine(app, guest, { sku: "MUG-350", quantity: 1 });
    const reg = await app.call("POST", "/store/customers", {
      body: { email: `exp.${Date.now().toString(36)}@example.com`, password: "correct horse battery" },
    });
    const own = await newCart(app);
    await app.call("POST", "/store/customers/me/cart", {
      headers: { authorization: `Bearer ${reg.body.token}` },
      body: { cartId: own.cartId, token: own.headers["x-cart-token"] },
    });
    clock.advance(8 * day);
    await app.sweep();
    expect((await readCart(app, guest)).body.status).toBe("expired");
    expect((await readCart(app, own)).body.status).toBe("expired");
    clock.advance(23 * day);
    await app.sweep();
    expect((await readCart(app, guest)).status).toBe(404);
    expect((await readCart(app, own)).body.status).toBe("expired");
  });

  it("runs safely from two sweeps at once", async () => {
    const cart = await newCart(app);
    clock.advance(8 * day);
    await Promise.all([app.sweep(), app.sweep()]);
    const read = await readCart(app, cart);
    expect(read.body.status).toBe("expired");
    expect(read.body.version).toBe(2);
  });
});
