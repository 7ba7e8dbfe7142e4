import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { signCarrierWebhook } from "../../src/modules/fulfillment/index.ts";
import { FixedClock } from "../../src/shared/clock.ts";
import { queryRows } from "../../src/shared/db/database.ts";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { type SmtpInbox, startSmtpInbox } from "../support/smtp-inbox.ts";

const storeUrl = "https://shop.example";
const carrierSecret = "test-carrier-secret-0123456789";
const minute = 60_000;
const day = 24 * 60 * minute;

// Each test walks carts through checkout several times: generous on a busy 2-core machine.
describe.each(databaseKinds())(
  "reminder discount codes and review invitations on %s",
  { timeout: 120_000 },
  (kind) => {
    let app: TestApp | undefined;
    let inbox: SmtpInbox | undefined;
    let clock: FixedClock;
    afterEach(async () => {
      await app?.close();
      await inbox?.close();
      app = undefined;
      inbox = undefined;
    });

    const start = async (env: Record<string, string>) => {
      inbox = await startSmtpInbox();
      clock = new FixedClock("2030-06-15T12:00:00Z");
      app = await startTestApp(
        kind,
        { clock },
        {
          SMTP_URL: `smtp://127.0.0.1:${inbox.port}`,
          STORE_URL: storeUrl,
          STORE_LOCALE: "de-DE",
          CARRIER_WEBHOOK_SECRET: carrierSecret,
          RECOVERY_LINK_SECRET: "test-recovery-secret-0123456789abcdef",
          ...env,
        },
      );
      return app;
    };
    const deliver = async (a: TestApp) => {
      while ((await a.events.dispatchOnce()) > 0);
      await a.mail.runOnce();
    };
    const sweep = async (a: TestApp) => {
      await a.sweep();
      await deliver(a);
    };
    const complete = (
      a: TestApp,
      cartId: string,
      headers: Record<string, string>,
      key: string,
      expectedTotal?: unknown,
    ) =>
      a.call("POST", `/store/carts/${cartId}/complete`, {
        headers: { ...headers, "idempotency-key": key },
        body: {
          payment: { provider: "test", token: "tok_visa" },
          ...(expectedTotal ? { expectedTotal } : {}),
        },
      });

    it("puts a single-use code in the last reminder: of two parallel checkouts with it, one gets it", async () => {
      const a = await start({
        ABANDONED_CART_AFTER_MINUTES: "60",
        CART_REMINDER_SCHEDULE_MINUTES: "60,1440",
        CART_REMINDER_DISCOUNT_PERCENT: "10",
      });
      const { cartId } = await readyCart(a);
      clock.advance(61 * minute);
      await sweep(a);
      const first = inbox!.messages.filter((m) => (m.text ?? "").includes(cartId));
      expect(first).toHaveLength(1);
      expect(first[0]!.text).not.toMatch(/BACK-/);
      clock.advance(day);
      await sweep(a);
      const last = inbox!.messages.filter((m) => (m.text ?? "").includes(cartId));
      expect(last).toHaveLength(2);
      const code = /\b(BACK-[0-9A-Z]{12})\b/.exec(last[1]!.text ?? "")?.[1];
      expect(code).toBeDefined();
      expect(last[1]!.text).toContain("10 % off");
      expect(String(last[1]!.html)).toContain(code!);

      // Two shoppers (say the email was forwarded) enter the code and pay at the same moment.
      const carts = [];
      for (let i = 0; i < 2; i++) {
        const ready = await readyCart(a, { lines: [{ sku: "MUG-350", quantity: 1 }] });
        const applied = await a.call("POST", `/store/carts/${ready.cartId}/promotion-codes`, {
          headers: ready.headers,
          body: { code: code!.toLowerCase() },
        });
        expect(applied.status).toBe(200);
        expect(applied.body.totals.discountTotal.amount).toBeGreaterThan(0);
        carts.push({ ...ready, total: applied.body.totals.total });
      }
      const results = await Promise.all(
        carts.map((c, i) => complete(a, c.cartId, c.headers, `race-${i}`, c.total)),
      );
      const discounted = results.filter((r) => r.status === 200 && r.body.totals.discountTotal.amount > 0);
      const refused = results.filter(
        (r) => r.status === 409 && ["usage_limit_reached", "price_changed"].includes(r.body.code),
      );
      expect(discounted).toHaveLength(1);
      expect(refused).toHaveLength(1);
      // And later, with no race, it is used up.
      const third = await readyCart(a, { lines: [{ sku: "MUG-350", quantity: 1 }] });
      const again = await a.call("POST", `/store/carts/${third.cartId}/promotion-codes`, {
        headers: third.headers,
        body: { code },
      });
      expect(again.status).toBe(422);
    });

    const deliveredOrder = async (a: TestApp) => {
      const { cartId, headers } = await readyCart(a, { lines: [{ sku: "MUG-350", quantity: 1 }] });
      const order = (await complete(a, cartId, headers, `k-${cartId}`)).body as {
        id: string;
        number: string;
      };
      const admin = { authorization: `Bearer ${a.apiKey}` };
      const shipment = await a.call("POST", `/admin/orders/${order.id}/shipments`, {
        headers: { ...admin, "idempotency-key": `s-${order.id}` },
        body: { lines: [{ sku: "MUG-350", quantity: 1 }] },
      });
      expect(shipment.status).toBe(201);
      const label = await a.call("POST", `/admin/shipments/${shipment.body.shipment.id}/label`, {
        headers: admin,
      });
      const body = JSON.stringify({
        id: `delivered-${order.id}`,
        trackingNumber: label.body.trackingNumber,
        status: "delivered",
        occurredAt: clock.now().toISOString(),
      });
      const timestamp = Math.floor(clock.now().getTime() / 1000);
      const tracked = await a.call("POST", "/webhooks/carriers/test", {
        headers: {
          "x-carrier-timestamp": String(timestamp),
          "x-carrier-signature": signCarrierWebhook(carrierSecret, timestamp, body),
        },
        body,
      });
      expect(tracked.body.result).toBe("applied");
      return order;
    };
    const reviewEmails = (a: TestApp, orderId: string) =>
      queryRows<{ id: string }>(
        a.database.db,
        sql`select id from emails where kind = 'review_request' and order_id = ${orderId}`,
      );

    it("invites a review once, the configured days after delivery", async () => {
      const a = await start({ REVIEW_REQUEST_AFTER_DAYS: "7", REVIEW_URL: "https://reviews.example/shop" });
      const order = await deliveredOrder(a);
      await deliver(a);
      clock.advance(6 * day);
      await sweep(a);
      expect(await reviewEmails(a, order.id)).toHaveLength(0);
      clock.advance(day + minute);
      await Promise.all([a.sweep(), a.sweep()]);
      await deliver(a);
      await sweep(a);
      expect(await reviewEmails(a, order.id)).toHaveLength(1);
      const mails = inbox!.messages.filter(
        (m) => m.subject?.includes(order.number) && m.subject.includes("how was"),
      );
      expect(mails).toHaveLength(1);
      expect(mails[0]!.text).toContain("https://reviews.example/shop");
      expect(mails[0]!.text).toContain("15. Juni 2030"); // delivery day, in the store's locale
      expect(String(mails[0]!.html)).toContain("Write a review");
    });

    it("sends no review invitation when it is switched off", async () => {
      const a = await start({ REVIEW_REQUEST_AFTER_DAYS: "0" });
      const order = await deliveredOrder(a);
      await deliver(a);
      clock.advance(30 * day);
      await sweep(a);
      expect(await reviewEmails(a, order.id)).toHaveLength(0);
    });
  },
);
