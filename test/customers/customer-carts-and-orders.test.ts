import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingMail } from "../../src/modules/notifications/index.ts";
import { readyCart, type TestApp } from "../support/app.ts";
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
