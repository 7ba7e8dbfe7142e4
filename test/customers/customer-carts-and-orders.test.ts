import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingMail } from "../../src/modules/notifications/index.ts";
import { address, readyCart, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { emailedToken, newEmail, password, register, startCustomerApp } from "./customer-test-kit.ts";

describe.each(databaseKinds())("customer carts, orders and guest claims on %s", (kind) => {
  let app: TestApp;
  let sent: OutgoingMail[];
  beforeAll(async () => {
    ({ app, sent } = await startCustomerApp(kind));
  });
  afterAll(async () => app?.close());

  const newCart = async () => {
    const created = await app.call("POST", "/store/carts", { body: { currency: "USD" } });
    return { cartId: created.body.cart.id as string, token: created.body.token as string };
  };
  const addLine = (cart: { cartId: string; token: string }, sku: string, quantity: number) =>
    app.call("POST", `/store/carts/${cart.cartId}/lines`, {
      headers: { "x-cart-token": cart.token },
      body: { sku, quantity },
    });
  const readCart = (cart: { cartId: string; token: string }) =>
    app.call("GET", `/store/carts/${cart.cartId}`, { headers: { "x-cart-token": cart.token } });
  const quantities = (body: { lines: { sku: string; quantity: number }[] }) =>
    Object.fromEntries(body.lines.map((l) => [l.sku, l.quantity]));
  const complete = (cartId: string, token: string, key: string) =>
    app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { "x-cart-token": token, "idempotency-key": key },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });

  it("merges a guest cart into the customer's open cart at sign-in, adding quantities up to the line maximum", async () => {
    const email = newEmail();
    const { auth } = await register(app, email);
    const own = await newCart();
    await addLine(own, "TEE-M", 990);
    await addLine(own, "MUG-350", 1);
    const taken = await app.call("POST", "/store/customers/me/cart", { headers: auth, body: own });
    expect(taken.body).toEqual(own); // the first cart is simply linked and keeps its token

    const guest = await newCart();
    await addLine(guest, "TEE-M", 20);
    await addLine(guest, "STICKERS-5", 2);
    const signedIn = await app.call("POST", "/store/customers/sign-in", {
      body: { email, password, cart: guest },
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.cart.cartId).toBe(own.cartId);
    const merged = await readCart(signedIn.body.cart);
    expect(quantities(merged.body)).toEqual({ "TEE-M": 999, "MUG-350": 1, "STICKERS-5": 2 });
    // The guest cart is gone, and the old token of the customer's cart no longer opens it.
    expect((await readCart(guest)).status).toBe(404);
    expect((await readCart(own)).status).toBe(404);
  });

  it("does not merge a cart whose token is wrong, and still signs in", async () => {
    const email = newEmail();
    await register(app, email);
    const guest = await newCart();
    await addLine(guest, "MUG-350", 1);
    const signedIn = await app.call("POST", "/store/customers/sign-in", {
      body: { email, password, cart: { cartId: guest.cartId, token: "not-the-cart-token" } },
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.cart).toBeNull();
    expect(quantities((await readCart(guest)).body)).toEqual({ "MUG-350": 1 });
  });

  it("places an account order end to end through the API and lists it in the history", async () => {
    const email = newEmail();
    const { auth } = await register(app, email);
    const { cartId, token } = await readyCart(app, { lines: [{ sku: "MUG-350", quantity: 1 }] });
    const taken = await app.call("POST", "/store/customers/me/cart", {
      headers: auth,
      body: { cartId, token },
    });
    expect(taken.status).toBe(200);
    const placed = await complete(cartId, token, `acct-${cartId}`);
    expect(placed.status).toBe(200);

    const history = await app.call("GET", "/store/customers/me/orders", { headers: auth });
    expect(history.status).toBe(200);
    expect(history.body.orders.map((o: { id: string }) => o.id)).toEqual([placed.body.id]);
    expect(history.body.orders[0].totals.total).toEqual(placed.body.totals.total);
    expect(history.body.orders[0]).not.toHaveProperty("email");

    // The history links each order to its status page, opened by the session (no access token).
    const one = await app.call("GET", `/store/customers/me/orders/${placed.body.id}`, { headers: auth });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(history.body.orders[0]);
  });

  it("applies first-order, customer-group and category promotions to the shopper they are for", async () => {
    const admin = { authorization: `Bearer ${app.apiKey}` };
    const post = (url: string, body: unknown) => app.call("POST", url, { headers: admin, body });
    const gear = await post("/admin/categories", { handle: `gear-${kind}`, name: "Gear" });
    const mugs = await post("/admin/categories", {
      handle: `mugs-${kind}`,
      name: "Mugs",
      parentId: gear.body.id,
    });
    const products = await app.call("GET", "/admin/products", { headers: admin });
    const mug = products.body.products.find((p: { variants: { sku: string }[] }) =>
      p.variants.some((v) => v.sku === "MUG-350"),
    );
    // Filed under the subcategory only: a promotion on the parent still covers it.
    await app.call("PATCH", `/admin/products/${mug.id}`, {
      headers: admin,
      body: { categoryIds: [mugs.body.id] },
    });
    const code = (name: string) => `${name}${kind.toUpperCase()}`;
    for (const body of [
      { label: "Welcome", codes: [code("FIRST")], conditions: { firstOrderOnly: true }, ratePpm: 100_000 },
      { label: "Trade", codes: [code("TRADE")], conditions: { customerGroups: ["trade"] }, ratePpm: 50_000 },
    ])
      expect(
        (
          await post("/admin/promotions", {
            ...body,
            effect: { kind: "order_percentage", ratePpm: body.ratePpm },
          })
        ).status,
      ).toBe(201);
    const gearOff = await post("/admin/promotions", {
      label: "Gear 20 %",
      codes: [code("GEAR")],
      effect: { kind: "items_percentage", target: { categoryIds: [gear.body.id] }, ratePpm: 200_000 },
    });
    expect(gearOff.status).toBe(201);

    const cart = await newCart();
    await addLine(cart, "MUG-350", 1);
    await addLine(cart, "TEE-M", 1);
    const enter = (c: { cartId: string; token: string }, name: string) =>
      app.call("POST", `/store/carts/${c.cartId}/promotion-codes`, {
        headers: { "x-cart-token": c.token },
        body: { code: code(name) },
      });
    const refusal = (res: { status: number; body: { code: string; reason: string } }) => [
      res.status,
      res.body.code,
      res.body.reason,
    ];
    const notEligible = [422, "promotion_code_rejected", "customer_not_eligible"];
    const applied = (body: { promotions: { applied: { label: string; lines: { lineId: string }[] }[] } }) =>
      Object.fromEntries(body.promotions.applied.map((a) => [a.label, a.lines.length]));

    // A guest proves no order history and belongs to no group; the category code still applies.
    expect(refusal(await enter(cart, "FIRST"))).toEqual(notEligible);
    expect(refusal(await enter(cart, "TRADE"))).toEqual(notEligible);
    const gearApplied = await enter(cart, "GEAR");
    expect(gearApplied.status).toBe(200);
    expect(applied(gearApplied.body)).toEqual({ "Gear 20 %": 1 });

    const { auth, customer } = await register(app, newEmail());
    expect((await app.call("POST", "/store/customers/me/cart", { headers: auth, body: cart })).status).toBe(
      200,
    );
    const first = await enter(cart, "FIRST");
    expect(first.status).toBe(200);
    expect(applied(first.body)).toEqual({ "Gear 20 %": 1, Welcome: 2 });
    expect(refusal(await enter(cart, "TRADE"))).toEqual(notEligible);

    const grouped = await app.call("PUT", `/admin/customers/${customer.id}/group`, {
      headers: admin,
      body: { group: "trade" },
    });
    expect(grouped.status).toBe(200);
    const trade = await enter(cart, "TRADE");
    expect(trade.status).toBe(200);
    expect(Object.keys(applied(trade.body)).sort()).toEqual(["Gear 20 %", "Trade", "Welcome"]);
    const { subtotal, discountTotal, shippingTotal, taxTotal, total } = trade.body.totals;
    expect(total.amount).toBe(
      subtotal.amount - discountTotal.amount + shippingTotal.amount + taxTotal.amount,
    );

    // Once the account has an order, the welcome code no longer applies to its next cart.
    const headers = { "x-cart-token": cart.token };
    await app.call("PUT", `/store/carts/${cart.cartId}/contact`, {
      headers,
      body: { email: "t@example.com" },
    });
    await app.call("PUT", `/store/carts/${cart.cartId}/shipping-address`, { headers, body: address });
    const methods = await app.call("GET", `/store/carts/${cart.cartId}/shipping-options`, { headers });
    const standard = methods.body.find((o: { code: string }) => o.code === "standard");
    await app.call("PUT", `/store/carts/${cart.cartId}/shipping-method`, {
      headers,
      body: { methodId: standard.id },
    });
    const placed = await complete(cart.cartId, cart.token, `first-${cart.cartId}`);
    expect(placed.status).toBe(200);
    expect(placed.body.promotions.map((p: { label: string }) => p.label).sort()).toEqual([
      "Gear 20 %",
      "Trade",
      "Welcome",
    ]);
    const taken = await app.call("POST", "/store/customers/me/cart", {
      headers: auth,
      body: await newCart(),
    });
    const next = { cartId: taken.body.cartId as string, token: taken.body.token as string };
    await addLine(next, "MUG-350", 1);
    expect(refusal(await enter(next, "FIRST"))).toEqual(notEligible);
  });

  it("never shows one customer another's orders, nor any order signed out (G16)", async () => {
    const ada = await register(app, newEmail("ada"));
    const { cartId, token } = await readyCart(app, { lines: [{ sku: "MUG-350", quantity: 1 }] });
    await app.call("POST", "/store/customers/me/cart", { headers: ada.auth, body: { cartId, token } });
    await complete(cartId, token, `g16-${cartId}`);
    const bob = await register(app, newEmail("bob"));
    expect((await app.call("GET", "/store/customers/me/orders", { headers: bob.auth })).body.orders).toEqual(
      [],
    );
    expect(
      (await app.call("GET", "/store/customers/me/orders", { headers: ada.auth })).body.orders,
    ).toHaveLength(1);
    expect((await app.call("GET", "/store/customers/me/orders")).status).toBe(401);
    const [adas] = (await app.call("GET", "/store/customers/me/orders", { headers: ada.auth })).body.orders;
    const peek = await app.call("GET", `/store/customers/me/orders/${adas.id}`, { headers: bob.auth });
    expect(peek.status).toBe(404);
    expect(peek.body.code).toBe("not_found");
    expect((await app.call("GET", `/store/customers/me/orders/${adas.id}`)).status).toBe(401);
    // Bob cannot take Ada's cart into his account either: it is hers.
    const other = await readyCart(app, { lines: [{ sku: "MUG-350", quantity: 1 }] });
    await app.call("POST", "/store/customers/me/cart", { headers: ada.auth, body: other });
    const stolen = await app.call("POST", "/store/customers/me/cart", { headers: bob.auth, body: other });
    expect(stolen.status).toBe(404);
  });

  it("gives a guest's past orders to the account with the same email only once the email is verified", async () => {
    const email = newEmail("guest");
    const { cartId, token } = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    await app.call("PUT", `/store/carts/${cartId}/contact`, {
      headers: { "x-cart-token": token },
      body: { email },
    });
    const guestOrder = await complete(cartId, token, `guest-${cartId}`);
    expect(guestOrder.status).toBe(200);

    const { auth } = await register(app, email.toUpperCase());
    expect((await app.call("GET", "/store/customers/me/orders", { headers: auth })).body.orders).toEqual([]);

    const verification = await emailedToken(app, sent, email, "/account/verify-email");
    const verified = await app.call("POST", "/store/customers/verify-email", {
      body: { token: verification },
    });
    expect(verified.status).toBe(200);
    expect(verified.body.claimedOrders).toBe(1);
    const history = await app.call("GET", "/store/customers/me/orders", { headers: auth });
    expect(history.body.orders.map((o: { id: string }) => o.id)).toEqual([guestOrder.body.id]);
    expect((await app.call("GET", "/store/customers/me", { headers: auth })).body.emailVerified).toBe(true);

    const again = await app.call("POST", "/store/customers/verify-email", { body: { token: verification } });
    expect(again.body.code).toBe("token_invalid");
  });

  it("documents every customer route in the OpenAPI document", async () => {
    const doc = await app.call("GET", "/openapi.json");
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.body.paths).filter((p) => p.startsWith("/store/customers"));
    expect(paths).toEqual(
      expect.arrayContaining([
        "/store/customers",
        "/store/customers/sign-in",
        "/store/customers/sign-out",
        "/store/customers/me",
        "/store/customers/me/cart",
        "/store/customers/me/addresses",
        "/store/customers/me/addresses/{addressId}",
        "/store/customers/me/orders",
        "/store/customers/me/orders/{orderId}",
        "/store/customers/password-reset",
        "/store/customers/password-reset/confirm",
        "/store/customers/verify-email",
      ]),
    );
  });

  it("answers bad input with problem+json field errors", async () => {
    const res = await app.call("POST", "/store/customers/sign-in", { body: { email: "not-an-email" } });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.body.code).toBe("validation_failed");
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(["body.email", "body.password"]),
    );
  });
});
