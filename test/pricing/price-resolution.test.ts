import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { address, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { addLine, adminHeaders, createProduct, newCart, readCart } from "./pricing-kit.ts";

describe.each(databaseKinds())("price resolution in the cart on %s", (kind) => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp(kind);
    admin = adminHeaders(app);
  });
  afterAll(async () => app?.close());

  const rule = async (body: Record<string, unknown>) => {
    const res = await app.call("POST", "/admin/price-rules", {
      headers: admin,
      body: { currency: "USD", ...body },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string };
  };
  const lineOf = (cart: { lines: { variantId: string }[] }, variantId: string) =>
    cart.lines.find((l) => l.variantId === variantId) as unknown as {
      id: string;
      unitPrice: { amount: number };
      price: { rule: { kind: string; id?: string; label?: string } };
    };
  const signedInCart = async (group: string | null) => {
    const email = `b2b.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
    const reg = await app.call("POST", "/store/customers", {
      body: { email, password: "correct horse battery" },
    });
    expect(reg.status).toBe(201);
    const customerId = reg.body.customer.id as string;
    if (group) {
      const set = await app.call("PUT", `/admin/customers/${customerId}/group`, {
        headers: admin,
        body: { group },
      });
      expect(set.body).toEqual({ customerId, group });
    }
    const cart = await newCart(app);
    const linked = await app.call("POST", "/store/customers/me/cart", {
      headers: { authorization: `Bearer ${reg.body.token}` },
      body: { cartId: cart.cartId, token: cart.headers["x-cart-token"] },
    });
    expect(linked.status).toBe(200);
    return { ...cart, customerId };
  };

  it("charges the base price and says so", async () => {
    const p = await createProduct(app, [{ prices: { USD: 2500 } }]);
    const cart = await newCart(app);
    const res = await addLine(app, cart, { variantId: p.variants[0]!.id, quantity: 1 });
    expect(lineOf(res.body, p.variants[0]!.id)).toMatchObject({
      unitPrice: { amount: 2500 },
      price: { rule: { kind: "base" }, convertedFrom: null },
    });
  });

  it("applies a volume tier once the quantity reaches it, and the deepest tier reached", async () => {
    const p = await createProduct(app, [{ prices: { USD: 2500 } }]);
    const v = p.variants[0]!.id;
    await rule({ variantId: v, kind: "tier", amount: 2200, minQuantity: 10 });
    const t50 = await rule({ variantId: v, kind: "tier", amount: 1900, minQuantity: 50, label: "50+" });
    const cart = await newCart(app);
    const nine = await addLine(app, cart, { variantId: v, quantity: 9 });
    expect(lineOf(nine.body, v).unitPrice.amount).toBe(2500);
    const ten = await addLine(app, cart, { variantId: v, quantity: 1 });
    expect(lineOf(ten.body, v)).toMatchObject({
      unitPrice: { amount: 2200 },
      price: { rule: { kind: "tier" } },
    });
    const fifty = await addLine(app, cart, { variantId: v, quantity: 40 });
    const line = lineOf(fifty.body, v);
    expect(line.price.rule).toEqual({ kind: "tier", id: t50.id, label: "50+" });
    expect(fifty.body.totals.subtotal.amount).toBe(50 * 1900);
  });

  it("applies a sale only within its window, using the shop's clock", async () => {
    const p = await createProduct(app, [{ prices: { USD: 2500 } }]);
    const v = p.variants[0]!.id;
    const now = Date.now();
    await rule({ variantId: v, kind: "sale", amount: 1500, endsAt: new Date(now - 1000).toISOString() });
    await rule({
      variantId: v,
      kind: "sale",
      amount: 1000,
      startsAt: new Date(now + 3_600_000).toISOString(),
    });
    const running = await rule({
      variantId: v,
      kind: "sale",
      amount: 2000,
      startsAt: new Date(now - 1000).toISOString(),
    });
    const cart = await newCart(app);
    const res = await addLine(app, cart, { variantId: v, quantity: 1 });
    expect(lineOf(res.body, v)).toMatchObject({
      unitPrice: { amount: 2000 },
      price: { rule: { kind: "sale", id: running.id } },
    });
  });

  it("gives group members their price list and contract customers their contract, over a sale", async () => {
    const p = await createProduct(app, [{ prices: { USD: 2500 } }]);
    const v = p.variants[0]!.id;
    await rule({ variantId: v, kind: "sale", amount: 2000 });
    await rule({ variantId: v, kind: "group", amount: 2100, customerGroup: "wholesale" });
    const guest = await newCart(app);
    expect(lineOf((await addLine(app, guest, { variantId: v, quantity: 1 })).body, v).unitPrice.amount).toBe(
      2000,
    );

    const member = await signedInCart("wholesale");
    const m = lineOf((await addLine(app, member, { variantId: v, quantity: 1 })).body, v);
    expect(m).toMatchObject({ unitPrice: { amount: 2100 }, price: { rule: { kind: "group" } } });

    const other = await signedInCart("vip");
    expect(lineOf((await addLine(app, other, { variantId: v, quantity: 1 })).body, v).unitPrice.amount).toBe(
      2000,
    );

    const contracted = await signedInCart("wholesale");
    await rule({ variantId: v, kind: "contract", amount: 2300, customerId: contracted.customerId });
    const c = lineOf((await addLine(app, contracted, { variantId: v, quantity: 1 })).body, v);
    expect(c).toMatchObject({ unitPrice: { amount: 2300 }, price: { rule: { kind: "contract" } } });
  });

  it("re-prices on the next read when a group is set, and completion refuses the old total with price_changed", async () => {
    const p = await createProduct(app, [{ prices: { USD: 2500 } }]);
    const v = p.variants[0]!.id;
    await rule({ variantId: v, kind: "group", amount: 2000, customerGroup: "trade" });
    const cart = await signedInCart(null);
    await addLine(app, cart, { variantId: v, quantity: 2 });
    await app.call("PUT", `/store/carts/${cart.cartId}/contact`, {
      headers: cart.headers,
      body: { email: "b@example.com" },
    });
    await app.call("PUT", `/store/carts/${cart.cartId}/shipping-address`, {
      headers: cart.headers,
      body: address,
    });
    const options = await app.call("GET", `/store/carts/${cart.cartId}/shipping-options`, {
      headers: cart.headers,
    });
    const method = options.body.find((o: { code: string }) => o.code === "standard");
    const seen = await app.call("PUT", `/store/carts/${cart.cartId}/shipping-method`, {
      headers: cart.headers,
      body: { methodId: method.id },
    });
    expect(lineOf(seen.body, v).unitPrice.amount).toBe(2500);

    await app.call("PUT", `/admin/customers/${cart.customerId}/group`, {
      headers: admin,
      body: { group: "trade" },
    });
    const now = await readCart(app, cart);
    expect(lineOf(now.body, v)).toMatchObject({
      unitPrice: { amount: 2000 },
      price: { rule: { kind: "group" } },
    });

    const complete = (expectedTotal: unknown, key: string) =>
      app.call("POST", `/store/carts/${cart.cartId}/complete`, {
        headers: { ...cart.headers, "idempotency-key": key },
        body: { payment: { provider: "test", token: "tok_visa" }, expectedTotal },
      });
    const refused = await complete(seen.body.totals.total, `k-${cart.cartId}-1`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("price_changed");
    const placed = await complete(now.body.totals.total, `k-${cart.cartId}-2`);
    expect(placed.status).toBe(200);
    expect(placed.body.lines[0]).toMatchObject({ unitPrice: { amount: 2000, currency: "USD" } });
    expect(placed.body.fx ?? null).toBeNull(); // USD is the base currency
  });

  it("refuses rules that make no sense with 400/422 and keeps nothing", async () => {
    const p = await createProduct(app, [{ prices: { USD: 2500 } }]);
    const v = p.variants[0]!.id;
    const bad = [
      { variantId: v, kind: "group", amount: 100 },
      { variantId: v, kind: "contract", amount: 100 },
      { variantId: v, kind: "tier", amount: 100, minQuantity: 1 },
      { variantId: v, kind: "sale", amount: -1 },
      { variantId: v, kind: "sale", amount: 100, currency: "XXZ" },
      {
        variantId: v,
        kind: "sale",
        amount: 100,
        startsAt: "2026-02-01T00:00:00Z",
        endsAt: "2026-01-01T00:00:00Z",
      },
    ];
    for (const body of bad) {
      const res = await app.call("POST", "/admin/price-rules", {
        headers: admin,
        body: { currency: "USD", ...body },
      });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const unknown = await app.call("POST", "/admin/price-rules", {
      headers: admin,
      body: { currency: "USD", variantId: "var_nope", kind: "sale", amount: 100 },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe("variant_not_found");
    const listed = await app.call("GET", `/admin/price-rules?variantId=${v}`, { headers: admin });
    expect(listed.body.priceRules).toEqual([]);
  });
});
