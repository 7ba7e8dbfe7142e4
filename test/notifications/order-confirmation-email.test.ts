import { sql } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterEach, describe, expect, it } from "vitest";
import {
  formatMoney,
  orderConfirmationSubscriber,
  type StoreProfile,
} from "../../src/modules/notifications/index.ts";
import { FixedClock } from "../../src/shared/clock.ts";
import { queryRows } from "../../src/shared/db/database.ts";
import type { PublishedEvent } from "../../src/shared/outbox/subscriber.ts";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { cardNumbersIn } from "../support/luhn.ts";
import { pdfTextRuns, valueAfter } from "../support/pdf-text.ts";
import { type SmtpInbox, startDeadMailServer, startSmtpInbox } from "../support/smtp-inbox.ts";

const storeUrl = "https://shop.example";

describe.each(databaseKinds())("order confirmation emails over SMTP on %s", (kind) => {
  let app: TestApp | undefined;
  let inbox: SmtpInbox | undefined;
  let clock: FixedClock;
  afterEach(async () => {
    await app?.close();
    await inbox?.close();
    app = undefined;
    inbox = undefined;
  });

  const start = async (port: number, env: Record<string, string> = {}) => {
    clock = new FixedClock("2030-06-15T12:00:00Z");
    app = await startTestApp(
      kind,
      { clock },
      {
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        STORE_URL: storeUrl,
        MAIL_FROM: "Demo <orders@shop.example>",
        ...env,
      },
    );
    return app;
  };
  const admin = () => ({ authorization: `Bearer ${app!.apiKey}` });

  async function checkout(a: TestApp, key: string) {
    const { cartId, headers } = await readyCart(a);
    const res = await a.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": key },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });
    expect(res.status).toBe(200);
    return res.body as {
      id: string;
      number: string;
      accessToken: string;
      totals: { total: { amount: number } };
    };
  }

  /** Outbox → subscriber (queues the email), then one sender pass. */
  async function deliver(a: TestApp) {
    while ((await a.events.dispatchOnce()) > 0);
    return a.mail.runOnce();
  }

  it("sends exactly one confirmation with totals, the status link and the receipt PDF", async () => {
    inbox = await startSmtpInbox();
    const a = await start(inbox.port);
    const order = await checkout(a, "one");
    const total = formatMoney(order.totals.total.amount, "USD", "en-US");

    expect(await deliver(a)).toEqual({ claimed: 1, sent: 1, failed: 0 });
    expect(await deliver(a)).toEqual({ claimed: 0, sent: 0, failed: 0 });
    expect(inbox.messages).toHaveLength(1);
    const mail = inbox.messages[0]!;
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : "").toBe("ada@example.com");
    expect(mail.subject).toContain(order.number);
    expect(mail.text).toContain(`Total: ${total}`);
    expect(mail.html).toContain(total);
    const link = `${storeUrl}/orders/${order.id}#token=${encodeURIComponent(order.accessToken)}`;
    expect(mail.text).toContain(link);

    const pdf = mail.attachments.find((f) => f.contentType === "application/pdf");
    expect(pdf?.filename).toMatch(/^receipt-INV-\d+\.pdf$/);
    const runs = await pdfTextRuns(pdf!.content);
    expect(valueAfter(runs, "Total (USD)")).toBe(total);

    // The link's token opens the status page.
    const token = new URL(link).hash.slice("#token=".length);
    const status = await a.call("GET", `/store/orders/${order.id}`, {
      headers: { "x-order-token": decodeURIComponent(token) },
    });
    expect(status.status).toBe(200);
  });

  it("shows the card as brand and last 4 only, in the email and the receipt", async () => {
    inbox = await startSmtpInbox();
    const a = await start(inbox.port);
    await checkout(a, "pan");
    await deliver(a);
    const mail = inbox.messages[0]!;
    const pdfText = (await pdfTextRuns(mail.attachments[0]!.content)).join(" ");
    for (const text of [mail.text ?? "", String(mail.html), pdfText]) {
      expect(text).toContain("Visa \u2022\u2022\u2022\u2022 4242");
      expect(cardNumbersIn(text)).toEqual([]);
      expect(text).not.toContain("4242424242424242");
      expect(text).not.toContain("tok_visa");
    }
  });

  it("sends nothing more when order.placed is delivered again, with the same or another event id", async () => {
    inbox = await startSmtpInbox();
    const a = await start(inbox.port);
    const order = await checkout(a, "redeliver");
    await deliver(a);
    const [row] = await queryRows<{ id: string; payload: Record<string, unknown>; occurred_at: string }>(
      a.database.db,
      sql`select id, payload, occurred_at from outbox where type = 'order.placed' and aggregate_id = ${order.id}`,
    );
    const event: PublishedEvent = {
      id: row!.id,
      type: "order.placed",
      aggregateId: order.id,
      payload: row!.payload,
      occurredAt: new Date(row!.occurred_at),
    };
    const store = {
      name: "x",
      address: [],
      locale: "en-US",
      color: "#000000",
      url: storeUrl,
      mailFrom: "a@b.c",
    };
    const subscriber = orderConfirmationSubscriber({ ...a.ctx, store: store satisfies StoreProfile });
    await subscriber.handle(event);
    // A copy of the event under a new id (a replayed stream): the (kind, order) key still holds.
    await subscriber.handle({ ...event, id: `${event.id}-replayed` });
    await a.mail.runOnce();
    expect(inbox.messages).toHaveLength(1);
    const listed = await a.call("GET", `/admin/emails?orderId=${order.id}`, { headers: admin() });
    expect(listed.body.emails).toHaveLength(1);
    expect(listed.body.emails[0]).toMatchObject({ status: "sent", kind: "order_confirmation" });
  });

  it("with the SMTP server down during 20 checkouts, all 20 succeed at once and exactly 20 emails arrive once it is back", async () => {
    const down = await startDeadMailServer();
    const a = await start(down.port);
    const orders = [];
    const started = performance.now();
    for (let i = 0; i < 20; i++) orders.push(await checkout(a, `outage-${i}`));
    const elapsed = performance.now() - started;
    // Nothing on the checkout path talked to the mail server (G14).
    expect(down.connections()).toBe(0);
    expect(elapsed / 20).toBeLessThan(2000);

    expect(await deliver(a)).toEqual({ claimed: 20, sent: 0, failed: 20 });
    expect(down.connections()).toBeGreaterThanOrEqual(20);
    const pending = await a.call("GET", "/admin/emails?status=pending&limit=100", { headers: admin() });
    expect(pending.body.emails).toHaveLength(20);
    expect(pending.body.emails.every((e: { attempts: number }) => e.attempts === 1)).toBe(true);
    // Backing off: nothing is due again yet.
    expect(await a.mail.runOnce()).toEqual({ claimed: 0, sent: 0, failed: 0 });

    await down.close();
    inbox = await startSmtpInbox(down.port);
    clock.advance(60_000);
    expect(await a.mail.runOnce()).toEqual({ claimed: 20, sent: 20, failed: 0 });
    clock.advance(10 * 60_000);
    expect(await deliver(a)).toEqual({ claimed: 0, sent: 0, failed: 0 });
    expect(inbox.messages).toHaveLength(20);
    const subjects = inbox.messages.map((m: ParsedMail) => m.subject ?? "");
    for (const order of orders) expect(subjects.filter((s) => s.includes(order.number))).toHaveLength(1);
  });

  it("dead-letters an email after the configured failures and sends it when resent", async () => {
    const down = await startDeadMailServer();
    const a = await start(down.port, { EMAIL_MAX_ATTEMPTS: "2" });
    const order = await checkout(a, "dead");
    await deliver(a);
    clock.advance(60_000);
    expect(await a.mail.runOnce()).toEqual({ claimed: 1, sent: 0, failed: 1 });
    clock.advance(60 * 60_000);
    expect(await a.mail.runOnce()).toEqual({ claimed: 0, sent: 0, failed: 0 });
    const dead = await a.call("GET", "/admin/emails?status=dead", { headers: admin() });
    expect(dead.body.emails).toHaveLength(1);
    expect(dead.body.emails[0]).toMatchObject({ orderId: order.id, attempts: 2, status: "dead" });
    expect(dead.body.emails[0].lastError).toBeTruthy();

    await down.close();
    inbox = await startSmtpInbox(down.port);
    const id = dead.body.emails[0].id;
    const readOnly = await a.call("POST", `/admin/emails/${id}/resend`, {});
    expect(readOnly.status).toBe(401);
    const resent = await a.call("POST", `/admin/emails/${id}/resend`, { headers: admin() });
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ status: "pending", attempts: 0 });
    expect(await a.mail.runOnce()).toEqual({ claimed: 1, sent: 1, failed: 0 });
    expect(inbox.messages).toHaveLength(1);
    const missing = await a.call("POST", "/admin/emails/eml_nope/resend", { headers: admin() });
    expect(missing.status).toBe(404);
  });
});
