import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signCarrierWebhook } from "../src/modules/fulfillment/index.ts";
import { formatMoney } from "../src/modules/notifications/index.ts";
import { FixedClock } from "../src/shared/clock.ts";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";
import { pdfTextRuns, valueAfter } from "./support/pdf-text.ts";
import { type SmtpInbox, startSmtpInbox } from "./support/smtp-inbox.ts";

// Issue #7's "done when" journey as one flow, through the HTTP API only, with every email
// caught by a real SMTP server and its PDF read back as text.
const secret = "after-the-order-carrier-secret-0123";
const storeUrl = "https://shop.example";
const shopper = "ada@example.com";
const minute = 60_000;

interface Money {
  amount: number;
  currency: string;
}

describe.each(databaseKinds())("after the order, end to end on %s", { timeout: 180_000 }, (kind) => {
  let app: TestApp;
  let inbox: SmtpInbox;
  let clock: FixedClock;
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    clock = new FixedClock("2030-06-17T09:00:00Z");
    app = await startTestApp(
      kind,
      { clock },
      {
        SMTP_URL: `smtp://127.0.0.1:${inbox.port}`,
        STORE_URL: storeUrl,
        STORE_NAME: "Demo Store",
        MAIL_FROM: "Demo Store <orders@shop.example>",
        CARRIER_WEBHOOK_SECRET: secret,
        // The card is only authorized at checkout and charged when the first parcel ships.
        CAPTURE_ON: "fulfilment",
      },
    );
  });
  afterAll(async () => {
    await app?.close();
    await inbox?.close();
  });

  const admin = () => ({ authorization: `Bearer ${app.apiKey}` });
  const usd = (m: Money) => formatMoney(m.amount, m.currency, "en-US");
  /** Events to their consumers (which queue emails), then one pass of the mail sender. */
  const deliverMail = async () => {
    while ((await app.events.dispatchOnce()) > 0);
    return app.mail.runOnce();
  };
  /** The messages that arrived since `seen`, all of them addressed to the shopper alone. */
  const newMail = (seen: number): ParsedMail[] => {
    const fresh = inbox.messages.slice(seen);
    for (const m of fresh) {
      expect(m.to && !Array.isArray(m.to) ? m.to.value.map((v) => v.address) : []).toEqual([shopper]);
      expect(m.from?.value[0]?.address).toBe("orders@shop.example");
      expect(m.html, m.subject).toContain("Demo Store");
    }
    return fresh;
  };
  const track = async (trackingNumber: string, id: string, status: string, occurredAt: Date) => {
    const body = JSON.stringify({ id, trackingNumber, status, occurredAt: occurredAt.toISOString() });
    const timestamp = Math.floor(clock.now().getTime() / 1000);
    const res = await app.call("POST", "/webhooks/carriers/test", {
      headers: {
        "x-carrier-timestamp": String(timestamp),
        "x-carrier-signature": signCarrierWebhook(secret, timestamp, body),
      },
      body,
    });
    expect(res.status).toBe(200);
    return res.body.result as string;
  };

  it("order → two labelled parcels → tracking → delivered → one line returned → refund, every email checked", async () => {
    // 1. The order, and its confirmation with the receipt.
    const { cartId, headers } = await readyCart(app, {
      lines: [
        { sku: "TEE-M", quantity: 2 },
        { sku: "MUG-350", quantity: 1 },
      ],
    });
    const placed = await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": "e2e-order" },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });
    expect(placed.status).toBe(200);
    const order = placed.body as {
      id: string;
      number: string;
      accessToken: string;
      totals: Record<"subtotal" | "discountTotal" | "shippingTotal" | "taxTotal" | "total", Money>;
    };
    const { totals } = order;
    expect(totals.total.amount).toBe(
      totals.subtotal.amount -
        totals.discountTotal.amount +
        totals.shippingTotal.amount +
        totals.taxTotal.amount,
    );
    const byToken = { "x-order-token": order.accessToken };

    expect(await deliverMail()).toEqual({ claimed: 1, sent: 1, failed: 0 });
    const [confirmation, ...extra] = newMail(0);
    expect(extra).toEqual([]);
    expect(confirmation!.subject).toBe(`Demo Store: order ${order.number} confirmed`);
    expect(confirmation!.text).toContain(`Total: ${usd(totals.total)}`);
    expect(confirmation!.text).toContain(`Tax: ${usd(totals.taxTotal)}`);
    expect(confirmation!.text).toMatch(/Estimated delivery: \S/);
    expect(confirmation!.text).toContain("TEE-M");
    expect(confirmation!.text).toContain("MUG-350");
    expect(confirmation!.html).toContain(usd(totals.total));
    expect(confirmation!.text).toContain(
      `${storeUrl}/orders/${order.id}#token=${encodeURIComponent(order.accessToken)}`,
    );
    const receipt = confirmation!.attachments.find((f) => f.contentType === "application/pdf");
    expect(receipt?.filename).toMatch(/^receipt-INV-\d{6}\.pdf$/);
    const receiptRuns = await pdfTextRuns(receipt!.content);
    expect(receiptRuns.join(" ")).toContain(`Order ${order.number}`);
    expect(valueAfter(receiptRuns, "Subtotal")).toBe(usd(totals.subtotal));
    expect(valueAfter(receiptRuns, "Shipping")).toBe(usd(totals.shippingTotal));
    expect(valueAfter(receiptRuns, "Tax")).toBe(usd(totals.taxTotal));
    expect(valueAfter(receiptRuns, `Total (${totals.total.currency})`)).toBe(usd(totals.total));
    // The emailed receipt is the document the Store API serves.
    const download = await app.server.inject({
      method: "GET",
      url: `/store/orders/${order.id}/receipt.pdf`,
      headers: byToken,
    });
    expect(Buffer.compare(download.rawPayload, receipt!.content)).toBe(0);

    // 2. Two shipments (tees, then the mug), the first one captures the authorization.
    const pickList = await app.call("GET", "/admin/fulfillment/pick-list", { headers: admin() });
    const picked = pickList.body.orders.find((o: { orderId: string }) => o.orderId === order.id);
    expect(picked.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([
      ["TEE-M", 2],
      ["MUG-350", 1],
    ]);
    const parcels: { id: string; sku: string; tracking: string }[] = [];
    for (const [n, line] of [
      { sku: "TEE-M", quantity: 2 },
      { sku: "MUG-350", quantity: 1 },
    ].entries()) {
      const created = await app.call("POST", `/admin/orders/${order.id}/shipments`, {
        headers: { ...admin(), "idempotency-key": `e2e-ship-${n}` },
        body: { lines: [line] },
      });
      expect(created.status).toBe(201);
      expect(created.body.capture).toBe(n === 0 ? "captured" : "not_needed");
      const id = created.body.shipment.id as string;
      // 3. A label per parcel, bought from the carrier as a PDF naming the tracking number.
      const labelled = await app.call("POST", `/admin/shipments/${id}/label`, { headers: admin() });
      expect(labelled.status).toBe(200);
      const tracking = labelled.body.trackingNumber as string;
      expect(tracking).toMatch(/^[A-Z]{2}\d{9}[A-Z]{2}$/);
      const label = await app.server.inject({
        method: "GET",
        url: `/admin/shipments/${id}/label.pdf`,
        headers: admin(),
      });
      expect(label.headers["content-type"]).toBe("application/pdf");
      const labelRuns = await pdfTextRuns(label.rawPayload);
      expect(labelRuns).toContain(tracking);
      expect(labelRuns.join(" ")).toContain("Ada Lovelace");
      parcels.push({ id, sku: line.sku, tracking });
    }
    const [tees, mug] = parcels as [(typeof parcels)[0], (typeof parcels)[0]];
    expect(tees.tracking).not.toBe(mug.tracking);
    const afterShipments = await app.call("GET", `/admin/orders/${order.id}`, { headers: admin() });
    expect(afterShipments.body).toMatchObject({ fulfillmentStatus: "fulfilled", paymentStatus: "captured" });

    // 4. Tracking: the tees are handed over by the merchant, the mug by the carrier's first scan.
    expect((await app.call("POST", `/admin/shipments/${tees.id}/ship`, { headers: admin() })).status).toBe(
      200,
    );
    const t0 = clock.now().getTime();
    const at = (minutes: number) => new Date(t0 + minutes * minute);
    clock.advance(5 * minute);
    expect(await track(tees.tracking, "e2e-1", "in_transit", at(1))).toBe("applied");
    expect(await track(mug.tracking, "e2e-2", "in_transit", at(2))).toBe("applied");
    // The carrier repeats itself: no second effect, no second email.
    expect(await track(mug.tracking, "e2e-2", "in_transit", at(2))).toBe("duplicate");
    let seen = inbox.messages.length;
    await deliverMail();
    const shippedMails = newMail(seen);
    expect(shippedMails).toHaveLength(2);
    for (const parcel of parcels) {
      const mail = shippedMails.find((m) => m.text?.includes(parcel.tracking));
      expect(mail, parcel.sku).toBeDefined();
      expect(mail!.subject).toBe(`Demo Store: order ${order.number} has shipped`);
      expect(mail!.text).toContain(parcel.sku);
      const link = `https://track.carrier.example/parcels/${parcel.tracking}`;
      expect(mail!.text).toContain(`Track your parcel: ${link}`);
      expect(mail!.html).toContain(`href="${link}"`);
      expect(mail!.attachments).toEqual([]);
    }

    clock.advance(24 * 60 * minute);
    expect(await track(tees.tracking, "e2e-3", "out_for_delivery", at(60 * 20))).toBe("applied");
    expect(await track(tees.tracking, "e2e-4", "delivered", at(60 * 22))).toBe("applied");
    const half = await app.call("GET", `/admin/orders/${order.id}`, { headers: admin() });
    expect(half.body.fulfillmentStatus).toBe("fulfilled");
    expect(await track(mug.tracking, "e2e-5", "exception", at(60 * 21))).toBe("applied");
    expect(await track(mug.tracking, "e2e-6", "delivered", at(60 * 23))).toBe("applied");
    // An older scan arriving late does not undo a delivery.
    expect(await track(mug.tracking, "e2e-7", "out_for_delivery", at(60 * 20))).toBe("stale");

    // 5. Delivered: the order says so, on the Admin and the shopper's status page, and two emails.
    const delivered = await app.call("GET", `/admin/orders/${order.id}`, { headers: admin() });
    expect(delivered.body.fulfillmentStatus).toBe("delivered");
    const status = await app.call("GET", `/store/orders/${order.id}`, { headers: byToken });
    expect(status.status).toBe(200);
    expect(status.body.timeline.map((t: { type: string }) => t.type)).toEqual(
      expect.arrayContaining(["placed", "fulfillment_fulfilled", "fulfillment_delivered"]),
    );
    seen = inbox.messages.length;
    await deliverMail();
    const deliveredMails = newMail(seen);
    expect(deliveredMails).toHaveLength(2);
    for (const parcel of parcels) {
      const mail = deliveredMails.find((m) => m.text?.includes(parcel.tracking));
      expect(mail!.subject).toBe(`Demo Store: a parcel of order ${order.number} was delivered`);
    }

    // 6. The shopper sends the mug back; the merchant approves and a return label is emailed.
    const mugLine = delivered.body.lines.find((l: { sku: string }) => l.sku === "MUG-350");
    const mugPaid = mugLine.subtotal.amount - mugLine.discount.amount + mugLine.tax.amount;
    expect(mugPaid).toBeGreaterThan(0);
    const requested = await app.call("POST", `/store/orders/${order.id}/returns`, {
      headers: { ...byToken, "idempotency-key": "e2e-return" },
      body: { lines: [{ sku: "MUG-350", quantity: 1 }], reason: "damaged", note: "Arrived chipped" },
    });
    expect(requested.status).toBe(201);
    const returnId = requested.body.id as string;
    const approved = await app.call("POST", `/admin/returns/${returnId}/approve`, {
      headers: admin(),
      body: {},
    });
    expect(approved.status).toBe(200);
    const returnTracking = approved.body.label.trackingNumber as string;
    seen = inbox.messages.length;
    await deliverMail();
    const [labelMail, ...moreLabelMail] = newMail(seen);
    expect(moreLabelMail).toEqual([]);
    expect(labelMail!.subject).toBe(
      `Demo Store: return ${requested.body.number} for order ${order.number} approved`,
    );
    expect(labelMail!.text).toContain(returnTracking);
    expect(labelMail!.attachments).toHaveLength(1);
    expect(labelMail!.attachments[0]!.contentType).toBe("application/pdf");
    expect(await pdfTextRuns(labelMail!.attachments[0]!.content)).toContain(returnTracking);

    // 7. Received and restocked, then refunded to the card that paid.
    const received = await app.call("POST", `/admin/returns/${returnId}/receive`, {
      headers: admin(),
      body: { lines: [{ sku: "MUG-350", disposition: "restock" }] },
    });
    expect(received.status).toBe(200);
    const refunded = await app.call("POST", `/admin/returns/${returnId}/refund`, {
      headers: { ...admin(), "idempotency-key": "e2e-refund" },
      body: { method: "original_payment" },
    });
    expect(refunded.status).toBe(201);
    expect(refunded.body.refund).toMatchObject({
      status: "succeeded",
      amount: { amount: mugPaid, currency: "USD" },
      includesShipping: false,
    });
    const payments = await app.call("GET", `/admin/orders/${order.id}/payments`, { headers: admin() });
    expect(payments.body.payments[0]).toMatchObject({
      status: "partially_refunded",
      captured: totals.total,
      refunded: { amount: mugPaid, currency: "USD" },
    });

    seen = inbox.messages.length;
    await deliverMail();
    const [refundMail, ...moreRefundMail] = newMail(seen);
    expect(moreRefundMail).toEqual([]);
    const refundMoney = usd({ amount: mugPaid, currency: "USD" });
    expect(refundMail!.subject).toBe(`Demo Store: refund of ${refundMoney} for order ${order.number}`);
    expect(refundMail!.text).toContain(refundMoney);
    expect(refundMail!.text).toContain("Visa");
    const note = refundMail!.attachments.find((f) => f.contentType === "application/pdf");
    const noteRuns = await pdfTextRuns(note!.content);
    expect(noteRuns.join(" ")).toContain(order.number);
    const invoice = receiptRuns.find((r) => r.startsWith("Receipt INV-"))!.slice("Receipt ".length);
    expect(noteRuns.join(" ")).toContain(`Corrects invoice ${invoice}`);
    expect(valueAfter(noteRuns, "Total refunded (USD)")).toBe(refundMoney);

    // 8. Nothing is sent twice: seven emails in all, one per step, however often the workers run.
    clock.advance(60 * minute);
    await deliverMail();
    await deliverMail();
    expect(inbox.messages).toHaveLength(7);
    const listed = await app.call("GET", `/admin/emails?orderId=${order.id}&limit=100`, { headers: admin() });
    expect(
      listed.body.emails.map((e: { kind: string; status: string }) => `${e.kind}:${e.status}`).sort(),
    ).toEqual([
      "order_confirmation:sent",
      "refund_issued:sent",
      "return_label:sent",
      "shipment_delivered:sent",
      "shipment_delivered:sent",
      "shipment_shipped:sent",
      "shipment_shipped:sent",
    ]);
  });
});
