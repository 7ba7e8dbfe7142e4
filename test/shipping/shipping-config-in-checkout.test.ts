import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";

/**
 * Completion prices shipping from the shipping configuration cache (5 s per process, dropped by
 * this process's own shipping writes), like the shopper's address and method steps did; see
 * docs/decisions/025-read-caches-and-round-trips.md. A change made elsewhere (another API
 * process, SQL by hand) is simulated by writing the table directly.
 */
describe.each(databaseKinds())("shipping configuration during completion on %s", (kind) => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp(kind);
    admin = { authorization: `Bearer ${app.apiKey}` };
  });
  afterAll(async () => app?.close());

  type Cart = Awaited<ReturnType<typeof readyCart>>;
  const shown = async (cart: Cart) =>
    (await app.call("GET", `/store/carts/${cart.cartId}`, { headers: cart.headers })).body;
  const complete = (cart: Cart, key: string, expectedTotal?: unknown) =>
    app.call("POST", `/store/carts/${cart.cartId}/complete`, {
      headers: { ...cart.headers, "idempotency-key": `sc-${cart.cartId}-${key}` },
      body: { payment: { provider: "test", token: "tok_visa" }, ...(expectedTotal ? { expectedTotal } : {}) },
    });
  const flatRate = (amount: number) => ({ type: "flat", amount });

  it("charges the shipping the shopper was shown when a rate changed elsewhere moments ago", async () => {
    const cart = await readyCart(app);
    const before = await shown(cart);
    const methodId = before.shippingMethod.id as string;
    const shipping = before.totals.shippingTotal.amount as number;
    await app.ctx.db.execute(
      sql`update shipping_zone_rates set rate = ${JSON.stringify(flatRate(shipping + 700))}::jsonb
          where method_id = ${methodId} and currency = 'USD'`,
    );
    const placed = await complete(cart, "1", before.totals.total);
    expect(placed.status).toBe(200);
    expect(placed.body.totals.shippingTotal.amount).toBe(shipping);
    expect(placed.body.totals.total).toEqual(before.totals.total);
  });

  it("charges a rate changed through the Admin API at once: the old total is refused", async () => {
    const cart = await readyCart(app);
    const before = await shown(cart);
    const methodId = before.shippingMethod.id as string;
    const shipping = before.totals.shippingTotal.amount as number;
    const rates = await app.call("GET", `/admin/shipping/methods/${methodId}/rates`, { headers: admin });
    for (const rate of rates.body.rates.filter((r: { currency: string }) => r.currency === "USD")) {
      const set = await app.call("PUT", `/admin/shipping/methods/${methodId}/rates/${rate.zoneId}/USD`, {
        headers: admin,
        body: { rate: flatRate(shipping + 300) },
      });
      expect(set.status).toBe(200);
    }
    const refused = await complete(cart, "1", before.totals.total);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("price_changed");
    const placed = await complete(cart, "2");
    expect(placed.status).toBe(200);
    expect(placed.body.totals.shippingTotal.amount).toBeGreaterThan(shipping);
  });
});
