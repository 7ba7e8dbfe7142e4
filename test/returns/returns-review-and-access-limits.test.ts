import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allScopes, createApiKey } from "../../src/modules/api-keys/index.ts";
import { guestLookupLimits } from "../../src/modules/returns/guest-lookup-throttle.ts";
import { FixedClock } from "../../src/shared/clock.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { type SmtpInbox, startSmtpInbox } from "../support/smtp-inbox.ts";
import { carrierSecret, returnsKit } from "./returns-kit.ts";

describe.each(databaseKinds())("return review emails, actors and guest look-up limits on %s", (kind) => {
  let app: TestApp;
  let inbox: SmtpInbox;
  let clock: FixedClock;
  const kit = returnsKit(() => app);
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    clock = new FixedClock("2030-06-17T09:00:00Z");
    app = await startTestApp(
      kind,
      { clock },
      {
        SMTP_URL: `smtp://127.0.0.1:${inbox.port}`,
        CARRIER_WEBHOOK_SECRET: carrierSecret,
        STORE_NAME: "Demo Store",
      },
    );
  });
  afterAll(async () => {
    await app?.close();
    await inbox?.close();
  });
  const deliverMail = async () => {
    await kit.drainEvents();
    return app.mail.runOnce();
  };
  /** A Store API call from a given client address (fastify.inject's remoteAddress is req.ip). */
  const fromIp = async (ip: string, url: string, email: string) => {
    const res = await app.server.inject({
      method: "GET",
      url,
      headers: { "x-order-email": email },
      remoteAddress: ip,
    });
    return { status: res.statusCode, body: res.json(), retryAfter: res.headers["retry-after"] };
  };

  it("emails the shopper the merchant's reason once when a return is rejected", async () => {
    const { order } = await kit.shippedOrder([{ sku: "MUG-350", quantity: 1 }]);
    const requested = await kit.requestReturn(order, {
      lines: [{ sku: "MUG-350", quantity: 1 }],
      reason: "no_longer_needed",
    });
    expect(requested.status).toBe(201);
    await deliverMail();
    const before = inbox.messages.length;
    const reason = "Returns close 30 days after delivery <sorry>";
    const rejected = await app.call("POST", `/admin/returns/${requested.body.id}/reject`, {
      headers: kit.admin(),
      body: { reason },
    });
    expect(rejected.status).toBe(200);
    const again = await app.call("POST", `/admin/returns/${requested.body.id}/reject`, {
      headers: kit.admin(),
      body: { reason: "twice" },
    });
    expect(again.status).toBe(409);
    await deliverMail();
    await deliverMail();

    const mails = inbox.messages.slice(before);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.to).toMatchObject({ value: [{ address: "ada@example.com" }] });
    expect(mail.subject).toBe(
      `Demo Store: return ${requested.body.number} for order ${order.number} not accepted`,
    );
    expect(mail.text).toContain(`Reason: ${reason}`);
    expect(mail.text).toContain("1 × ");
    expect(mail.text).toContain("(MUG-350)");
    expect(mail.text).toContain("Please do not send these items back.");
    // The reason is the merchant's free text: escaped in the HTML part, never markup.
    expect(mail.html).toContain("&#60;sorry&#62;");
    expect(mail.html).not.toContain("<sorry>");
    expect(mail.attachments).toEqual([]);
    const listed = await app.call("GET", `/admin/emails?orderId=${order.id}&limit=100`, {
      headers: kit.admin(),
    });
    expect(listed.body.emails.filter((e: { kind: string }) => e.kind === "return_rejected")).toHaveLength(1);
  });

  it("names the API key that approved, received and refunded a return, on the return and the order timeline", async () => {
    const { order } = await kit.shippedOrder([{ sku: "TEE-M", quantity: 1 }]);
    const warehouse = await createApiKey(
      app.database.db,
      { name: "Warehouse", scopes: allScopes },
      clock.now(),
    );
    const requested = await kit.requestReturn(order, {
      lines: [{ sku: "TEE-M", quantity: 1 }],
      reason: "size_or_fit",
    });
    expect(requested.status).toBe(201);
    expect((await kit.approve(requested.body.id)).status).toBe(200);
    const received = await app.call("POST", `/admin/returns/${requested.body.id}/receive`, {
      headers: { authorization: `Bearer ${warehouse.secret}` },
      body: { lines: [{ sku: "TEE-M", disposition: "restock" }] },
    });
    expect(received.status).toBe(200);
    const refunded = await kit.refund(requested.body.id, { method: "store_credit" });
    expect(refunded.status).toBe(201);

    const actors = refunded.body.transitions.map((t: { to: string; actor: string }) => [t.to, t.actor]);
    const [, [, merchantKey]] = actors;
    expect(merchantKey).toMatch(/^key_/);
    expect(merchantKey).not.toBe(warehouse.id);
    expect(actors).toEqual([
      ["requested", "shopper"],
      ["approved", merchantKey],
      ["received", warehouse.id],
      ["refunded", merchantKey],
    ]);
    const read = await app.call("GET", `/admin/orders/${order.id}`, { headers: kit.admin() });
    const timeline = read.body.timeline as { type: string; actor: string }[];
    expect(timeline.find((t) => t.type === "return_received")?.actor).toBe(warehouse.id);
    expect(timeline.find((t) => t.type === "return_approved")?.actor).toBe(merchantKey);
  });

  it("refuses number-and-email look-ups of an order after repeated misses, and lets its token through", async () => {
    const { order } = await kit.shippedOrder([{ sku: "TEE-M", quantity: 1 }]);
    const url = `/store/orders/${order.number}/returns`;
    // Guesses from many addresses: each is a 404, like an unknown order, until the order's own limit.
    for (let i = 0; i < guestLookupLimits.perOrder; i++) {
      const miss = await fromIp(`198.51.100.${i + 1}`, url, `guess${i}@example.com`);
      expect(miss.status).toBe(404);
    }
    // Now even the right email is refused, before the order is read, and says when to come back.
    const limited = await fromIp("203.0.113.9", url, "ada@example.com");
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe("rate_limited");
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(guestLookupLimits.windowMs / 1000);
    expect(limited.body.retryAfterSeconds).toBe(Number(limited.retryAfter));
    // The emailed token link is another key, and still opens the order.
    const byToken = await app.call("GET", `/store/orders/${order.id}/returns`, {
      headers: { "x-order-token": order.accessToken },
    });
    expect(byToken.status).toBe(200);

    clock.advance(guestLookupLimits.windowMs + 1000);
    const later = await fromIp("203.0.113.9", url, "ada@example.com");
    expect(later.status).toBe(200);
    expect(later.body.returnable).toEqual([expect.objectContaining({ sku: "TEE-M", quantity: 1 })]);
  });

  it("refuses a client that walks order numbers, whichever order it asks for next", async () => {
    const { order } = await kit.shippedOrder([{ sku: "TEE-M", quantity: 1 }]);
    const walker = "192.0.2.77";
    const nearby = (i: number) => order.number.replace(/\d+$/, (n) => String(Number(n) + 1000 + i));
    for (let i = 1; i <= guestLookupLimits.perIp; i++) {
      const miss = await fromIp(walker, `/store/orders/${nearby(i)}/returns`, "ada@example.com");
      expect(miss.status).toBe(404);
    }
    const walking = await fromIp(walker, `/store/orders/${order.number}/returns`, "ada@example.com");
    expect(walking.status).toBe(429);
    expect(walking.body.code).toBe("rate_limited");
    // Another client with the right pair is not held back by the walker.
    const owner = await fromIp("192.0.2.10", `/store/orders/${order.number}/returns`, "ada@example.com");
    expect(owner.status).toBe(200);
  });
});
