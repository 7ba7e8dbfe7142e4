import { sql } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import { formatMoney } from "../../src/modules/notifications/index.ts";
import { FixedClock } from "../../src/shared/clock.ts";
import { queryRows } from "../../src/shared/db/database.ts";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { type SmtpInbox, startSmtpInbox } from "../support/smtp-inbox.ts";

const storeUrl = "https://shop.example";
const minute = 60_000;
const hour = 60 * minute;

// Each test walks carts through checkout several times: generous on a busy 2-core machine.
describe.each(databaseKinds())("abandoned-cart reminders on %s", { timeout: 120_000 }, (kind) => {
  let app: TestApp | undefined;
  let inbox: SmtpInbox | undefined;
  let clock: FixedClock;
  afterEach(async () => {
    await app?.close();
    await inbox?.close();
    app = undefined;
    inbox = undefined;
  });

  const start = async (env: Record<string, string> = {}) => {
    inbox = await startSmtpInbox();
    clock = new FixedClock("2030-06-15T12:00:00Z");
    app = await startTestApp(
      kind,
      { clock },
      {
        SMTP_URL: `smtp://127.0.0.1:${inbox.port}`,
        STORE_URL: storeUrl,
        STORE_BRAND_COLOR: "#aa3300",
        ABANDONED_CART_AFTER_MINUTES: "60",
        CART_REMINDER_SCHEDULE_MINUTES: "60,1440",
        RECOVERY_LINK_SECRET: "test-recovery-secret-0123456789abcdef",
        ...env,
      },
    );
    return app;
  };

  /** One sweep, then the outbox to its consumers and the mail queue to the SMTP inbox. */
  const sweep = async (a: TestApp) => {
    await a.sweep();
    await deliver(a);
  };
  const deliver = async (a: TestApp) => {
    while ((await a.events.dispatchOnce()) > 0);
    await a.mail.runOnce();
  };
  const eventsOf = async (a: TestApp, cartId: string, type: string) =>
    queryRows<{ payload: Record<string, unknown> }>(
      a.database.db,
      sql`select payload from outbox where aggregate_id = ${cartId} and type = ${type} order by seq`,
    );
  const remindersFor = (cartId: string) =>
    inbox!.messages.filter((m) => m.subject?.includes("cart") && (m.text ?? "").includes(cartId));
  const tokenIn = (mail: ParsedMail, path: string) => {
    const match = new RegExp(`${storeUrl}${path}#token=([^\\s"]+)`).exec(mail.text ?? "");
    if (!match) throw new Error(`no ${path} link in ${mail.text}`);
    return decodeURIComponent(match[1]!);
  };
  const complete = (a: TestApp, cartId: string, headers: Record<string, string>, key: string) =>
    a.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": key },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });

  it("marks an idle cart abandoned once and sends one reminder, however often and in parallel the sweep runs", async () => {
    const a = await start();
    const { cartId, cart } = await readyCart(a);
    clock.advance(59 * minute);
    await sweep(a);
    expect(await eventsOf(a, cartId, "checkout.abandoned")).toHaveLength(0);
    expect(remindersFor(cartId)).toHaveLength(0);

    clock.advance(2 * minute);
    await Promise.all([a.sweep(), a.sweep(), a.sweep()]);
    await sweep(a);
    await sweep(a);

    const abandoned = await eventsOf(a, cartId, "checkout.abandoned");
    expect(abandoned).toHaveLength(1);
    expect(abandoned[0]!.payload).toMatchObject({
      cartId,
      lastStep: "shipping",
      value: { amount: cart.totals.total.amount, currency: "USD" },
    });
    expect(await eventsOf(a, cartId, "checkout.reminder_sent")).toHaveLength(1);
    const mails = remindersFor(cartId);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : "").toBe("ada@example.com");
    const total = formatMoney(cart.totals.total.amount, "USD", "en-US");
    for (const body of [mail.text ?? "", String(mail.html)]) {
      expect(body).toContain(total);
      for (const line of cart.lines as { title: string }[]) expect(body).toContain(line.title);
    }
    expect(String(mail.html)).toContain("#aa3300");
    // The link names the cart and carries a signature, never the cart token.
    const token = tokenIn(mail, "/cart/restore");
    expect(token.startsWith(`${cartId}.`)).toBe(true);
    expect(mail.text).toContain("/cart/unsubscribe#token=");
    expect(mail.text).toContain("June 22, 2030");
  });

  it("sends the second reminder a day after the last change and never a third", async () => {
    const a = await start();
    const { cartId } = await readyCart(a);
    clock.advance(61 * minute);
    await sweep(a);
    expect(remindersFor(cartId)).toHaveLength(1);
    clock.advance(20 * hour);
    await sweep(a);
    expect(remindersFor(cartId)).toHaveLength(1);
    clock.advance(4 * hour);
    await Promise.all([a.sweep(), a.sweep()]);
    await deliver(a);
    expect(remindersFor(cartId)).toHaveLength(2);
    expect(remindersFor(cartId)[1]!.subject).toContain("still waiting");
    for (let day = 0; day < 5; day++) {
      clock.advance(24 * hour);
      await sweep(a);
    }
    expect(remindersFor(cartId)).toHaveLength(2);
    expect(await eventsOf(a, cartId, "checkout.reminder_sent")).toHaveLength(2);
  });

  it("moves the next reminder back when the shopper changes the cart in between", async () => {
    const a = await start();
    const { cartId, headers } = await readyCart(a);
    clock.advance(61 * minute);
    await sweep(a);
    clock.advance(20 * hour);
    await a.call("PATCH", `/store/carts/${cartId}/lines/${(await lineIds(a, cartId, headers))[0]}`, {
      headers,
      body: { quantity: 3 },
    });
    clock.advance(5 * hour); // 25 h after the first reminder, 5 h after the change
    await sweep(a);
    expect(remindersFor(cartId)).toHaveLength(1);
    clock.advance(20 * hour); // a day after the change
    await sweep(a);
    expect(remindersFor(cartId)).toHaveLength(2);
  });

  const lineIds = async (a: TestApp, cartId: string, headers: Record<string, string>) =>
    ((await a.call("GET", `/store/carts/${cartId}`, { headers })).body.lines as { id: string }[]).map(
      (l) => l.id,
    );

  it("sends nothing for a completed cart, an emptied cart or a cart without an email", async () => {
    const a = await start();
    const completed = await readyCart(a);
    expect((await complete(a, completed.cartId, completed.headers, "done")).status).toBe(200);
    const emptied = await readyCart(a);
    for (const id of await lineIds(a, emptied.cartId, emptied.headers))
      await a.call("DELETE", `/store/carts/${emptied.cartId}/lines/${id}`, { headers: emptied.headers });
    const anonymous = await a.call("POST", "/store/carts", { body: { currency: "USD" } });
    await a.call("POST", `/store/carts/${anonymous.body.cart.id}/lines`, {
      headers: { "x-cart-token": anonymous.body.token },
      body: { sku: "MUG-350", quantity: 1 },
    });
    clock.advance(30 * hour);
    await sweep(a);
    await sweep(a);
    for (const cartId of [completed.cartId, emptied.cartId, anonymous.body.cart.id]) {
      expect(await eventsOf(a, cartId, "checkout.abandoned")).toHaveLength(0);
      expect(remindersFor(cartId)).toHaveLength(0);
    }
  });

  it("stops the reminders of a cart emptied or completed after it was found abandoned", async () => {
    const a = await start();
    const emptied = await readyCart(a);
    const bought = await readyCart(a);
    clock.advance(61 * minute);
    await sweep(a);
    expect(remindersFor(emptied.cartId)).toHaveLength(1);
    for (const id of await lineIds(a, emptied.cartId, emptied.headers))
      await a.call("DELETE", `/store/carts/${emptied.cartId}/lines/${id}`, { headers: emptied.headers });
    expect((await complete(a, bought.cartId, bought.headers, "later")).status).toBe(200);
    clock.advance(3 * 24 * hour);
    await sweep(a);
    await sweep(a);
    expect(remindersFor(emptied.cartId)).toHaveLength(1);
    expect(remindersFor(bought.cartId)).toHaveLength(1);
  });

  it("sends no more reminders to an address that unsubscribed, for any of its carts", async () => {
    const a = await start();
    const first = await readyCart(a);
    clock.advance(61 * minute);
    await sweep(a);
    const token = tokenIn(remindersFor(first.cartId)[0]!, "/cart/unsubscribe");
    const res = await a.call("POST", "/store/recovery/unsubscribe", { body: { token } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ unsubscribed: true });
    // Twice is fine.
    expect((await a.call("POST", "/store/recovery/unsubscribe", { body: { token } })).status).toBe(200);
    const second = await readyCart(a); // same address, ada@example.com
    clock.advance(2 * 24 * hour);
    await sweep(a);
    await sweep(a);
    expect(remindersFor(first.cartId)).toHaveLength(1);
    expect(remindersFor(second.cartId)).toHaveLength(0);
    // Still measured as abandoned.
    expect(await eventsOf(a, second.cartId, "checkout.abandoned")).toHaveLength(1);
  });

  it("refuses a changed unsubscribe token with a problem", async () => {
    const a = await start();
    const forged = `${Buffer.from("someone@example.com").toString("base64url")}.AAAA`;
    const res = await a.call("POST", "/store/recovery/unsubscribe", { body: { token: forged } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("recovery_link_invalid");
  });

  it("restores the cart from the link with a new token, and refuses changed, expired and completed ones", async () => {
    const a = await start();
    const { cartId, headers } = await readyCart(a);
    clock.advance(61 * minute);
    await sweep(a);
    const token = tokenIn(remindersFor(cartId)[0]!, "/cart/restore");

    const [id, expiry, signature] = token.split(".") as [string, string, string];
    const tampered = [
      `${id}.${Number(expiry) + 86_400}.${signature}`,
      `${id}.${expiry}.${signature.slice(0, -2)}${signature.endsWith("A") ? "BB" : "AA"}`,
      `${id.slice(0, -1)}${id.endsWith("0") ? "1" : "0"}.${expiry}.${signature}`,
      "not-a-token-at-all",
    ];
    for (const bad of tampered) {
      const res = await a.call("POST", "/store/recovery/restore", { body: { token: bad } });
      expect(res.status).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.body.code).toBe("recovery_link_invalid");
    }

    const restored = await a.call("POST", "/store/recovery/restore", { body: { token } });
    expect(restored.status).toBe(200);
    expect(restored.body.cart.id).toBe(cartId);
    expect(restored.body.cart.lines).toHaveLength(2);
    expect(restored.body.token).not.toBe(headers["x-cart-token"]);
    const fresh = { "x-cart-token": restored.body.token as string };
    expect((await a.call("GET", `/store/carts/${cartId}`, { headers: fresh })).status).toBe(200);
    expect((await a.call("GET", `/store/carts/${cartId}`, { headers })).status).toBe(404);

    expect((await complete(a, cartId, fresh, "restored")).status).toBe(200);
    const afterOrder = await a.call("POST", "/store/recovery/restore", { body: { token } });
    expect(afterOrder.status).toBe(409);
    expect(afterOrder.body.code).toBe("cart_not_open");

    clock.advance(8 * 24 * hour);
    const expired = await a.call("POST", "/store/recovery/restore", { body: { token } });
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe("recovery_link_expired");
  });

  it("records the recovery of a reminded cart with its order total, and counts it in the metrics", async () => {
    // Abandoned after an hour, first reminder after two: in between a cart is abandoned, not reminded.
    const a = await start({ CART_REMINDER_SCHEDULE_MINUTES: "120,1440" });
    const reminded = await readyCart(a);
    const notReminded = await readyCart(a, { lines: [{ sku: "MUG-350", quantity: 1 }] });
    clock.advance(61 * minute);
    await sweep(a);
    expect(await eventsOf(a, notReminded.cartId, "checkout.abandoned")).toHaveLength(1);
    expect((await complete(a, notReminded.cartId, notReminded.headers, "direct")).status).toBe(200);
    clock.advance(60 * minute);
    await sweep(a);
    expect(remindersFor(reminded.cartId)).toHaveLength(1);
    expect(remindersFor(notReminded.cartId)).toHaveLength(0);
    const order = await complete(a, reminded.cartId, reminded.headers, "back");
    expect(order.status).toBe(200);
    await deliver(a);
    await deliver(a);

    const recovered = await eventsOf(a, reminded.cartId, "checkout.recovered");
    expect(recovered).toHaveLength(1);
    expect(recovered[0]!.payload).toMatchObject({
      cartId: reminded.cartId,
      orderId: order.body.id,
      total: { amount: order.body.totals.total.amount, currency: "USD" },
      remindersSent: 1,
    });
    // Marked abandoned too (it idled with the other), but never reminded: not a recovery.
    expect(await eventsOf(a, notReminded.cartId, "checkout.recovered")).toHaveLength(0);

    const summary = await a.call("GET", "/admin/analytics/summary", {
      headers: { authorization: `Bearer ${a.apiKey}` },
    });
    expect(summary.status).toBe(200);
    expect(summary.body.recovery).toMatchObject({
      abandonedCarts: 2,
      remindersSent: 1,
      remindedCarts: 1,
      recoveredCarts: 1,
      conversionRate: 1,
      recoveredRevenue: [{ currency: "USD", amount: order.body.totals.total.amount }],
    });
  });
});
