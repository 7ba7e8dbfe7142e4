import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { adminHeaders, createProduct } from "./pricing-kit.ts";

/**
 * Cart reads price from a catalog cache (5 s per process, dropped by this process's own catalog
 * writes). A change made elsewhere (another API process, a migration, SQL by hand) is simulated
 * by writing the table directly: reads may show the old price for a few seconds, but completion
 * prices inside its transaction and never charges it.
 */
describe.each(databaseKinds())("catalog cache on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => app?.close());

  const cartWith = async (amount: number) => {
    const product = await createProduct(app, [{ prices: { USD: amount } }]);
    const variant = product.variants[0]!;
    const cart = await readyCart(app, { lines: [{ sku: variant.sku, quantity: 1 }] });
    return { ...cart, variant };
  };
  const priceBehindTheAppsBack = (variantId: string, amount: number) =>
    app.ctx.db.execute(
      sql`update catalog_prices set amount = ${amount} where variant_id = ${variantId} and currency = 'USD'`,
    );
  const unitPriceOf = async (cart: { cartId: string; headers: Record<string, string> }) => {
    const res = await app.call("GET", `/store/carts/${cart.cartId}`, { headers: cart.headers });
    return res.body.lines[0].unitPrice.amount as number;
  };

  it("shows a price changed through the Admin API on the very next read", async () => {
    const cart = await cartWith(1000);
    expect(await unitPriceOf(cart)).toBe(1000);
    const res = await app.call("PATCH", `/admin/variants/${cart.variant.id}`, {
      headers: adminHeaders(app),
      body: { prices: [{ amount: 1300, currency: "USD" }] },
    });
    expect(res.status).toBe(200);
    expect(await unitPriceOf(cart)).toBe(1300);
  });

  it("never charges a cached price: completion re-prices from the database", async () => {
    const cart = await cartWith(1000);
    const shown = await app.call("GET", `/store/carts/${cart.cartId}`, { headers: cart.headers });
    expect(shown.body.lines[0].unitPrice.amount).toBe(1000);
    await priceBehindTheAppsBack(cart.variant.id, 1500);
    // The total the shopper was shown no longer holds: refused, with the real total.
    const refused = await app.call("POST", `/store/carts/${cart.cartId}/complete`, {
      headers: { ...cart.headers, "idempotency-key": `cc-${cart.cartId}-1` },
      body: { payment: { provider: "test", token: "tok_visa" }, expectedTotal: shown.body.totals.total },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("price_changed");
    const placed = await app.call("POST", `/store/carts/${cart.cartId}/complete`, {
      headers: { ...cart.headers, "idempotency-key": `cc-${cart.cartId}-2` },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });
    expect(placed.status).toBe(200);
    expect(placed.body.lines[0].unitPrice).toEqual({ amount: 1500, currency: "USD" });
  });
});
