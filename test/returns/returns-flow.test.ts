import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMoney } from "../../src/modules/notifications/index.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { pdfTextRuns, valueAfter } from "../support/pdf-text.ts";
import { type SmtpInbox, startSmtpInbox } from "../support/smtp-inbox.ts";
import { carrierSecret, returnsKit } from "./returns-kit.ts";

describe.each(databaseKinds())("a return from delivery to refund on %s", (kind) => {
  let app: TestApp;
  let inbox: SmtpInbox;
  const kit = returnsKit(() => app);
  beforeAll(async () => {
    inbox = await startSmtpInbox();
    app = await startTestApp(
      kind,
      {},
      {
        SMTP_URL: `smtp://127.0.0.1:${inbox.port}`,
        CARRIER_WEBHOOK_SECRET: carrierSecret,
        MAIL_FROM: "Demo Store <orders@shop.example>",
        STORE_NAME: "Demo Store",
      },
    );
  });
  afterAll(async () => {
    await app?.close();
    await inbox?.close();
  });
  const admin = () => kit.admin();
  const stockOf = async (sku: string) =>
    (await app.call("GET", `/admin/inventory/${sku}`, { headers: admin() })).body.onHand as number;
  const mailsTo = (subjectPart: string) => inbox.messages.filter((m) => m.subject?.includes(subjectPart));

  it("ships in two parcels, delivers, returns one line, emails the label and the refund with its credit note", async () => {
    const order = await kit.placeOrder([
      { sku: "TEE-M", quantity: 2 },
      { sku: "MUG-350", quantity: 1 },
    ]);
    await kit.capture(order.id);
    const first = await kit.ship(order.id, [{ sku: "TEE-M", quantity: 2 }]);
    const second = await kit.ship(order.id, [{ sku: "MUG-350", quantity: 1 }]);
    await kit.deliver(first.trackingNumber, "2026-11-20T09:00:00Z");
    await kit.deliver(second.trackingNumber, "2026-11-20T10:00:00Z");
    const delivered = await app.call("GET", `/admin/orders/${order.id}`, { headers: admin() });
    expect(delivered.body.fulfillmentStatus).toBe("delivered");
    const mug = delivered.body.lines.find((l: { sku: string }) => l.sku === "MUG-350");
    const mugPaid = mug.subtotal.amount - mug.discount.amount + mug.tax.amount;
    expect(mug.tax.amount).toBeGreaterThan(0);

    // The shopper asks to return the mug with the order's token.
    const requested = await kit.requestReturn(order, {
      lines: [{ sku: "MUG-350", quantity: 1 }],
      reason: "damaged",
      note: "Arrived chipped",
    });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({
      status: "requested",
      reason: "damaged",
      orderNumber: order.number,
    });
    const returnId = requested.body.id as string;
    const listed = await app.call("GET", `/store/orders/${order.id}/returns`, {
      headers: { "x-order-token": order.accessToken },
    });
    expect(listed.body.returns.map((r: { id: string }) => r.id)).toEqual([returnId]);

    // Approval buys a return label and emails it.
    const approved = await kit.approve(returnId);
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe("approved");
    const tracking = approved.body.label.trackingNumber as string;
    expect(tracking).toMatch(/^[A-Z]{2}\d{9}[A-Z]{2}$/);
    await kit.drainEvents();
    await app.mail.runOnce();
    const [labelMail, ...moreLabelMails] = mailsTo(`return ${requested.body.number}`);
    expect(moreLabelMails).toHaveLength(0);
    expect(labelMail!.to).toMatchObject({ value: [{ address: "ada@example.com" }] });
    expect(labelMail!.subject).toContain(order.number);
    expect(labelMail!.text).toContain(tracking);
    expect(labelMail!.html).toContain("Demo Store");
    expect(labelMail!.attachments).toHaveLength(1);
    expect(labelMail!.attachments[0]!.contentType).toBe("application/pdf");
    const labelRuns = await pdfTextRuns(labelMail!.attachments[0]!.content);
    expect(labelRuns).toContain(tracking);
    expect(labelRuns.join(" ")).toContain("Demo Store Returns");
    expect(labelRuns.join(" ")).toContain("Ada Lovelace");

    // The warehouse receives it and puts it back on the shelf.
    const stockBefore = await stockOf("MUG-350");
    const received = await kit.receive(returnId, [{ sku: "MUG-350", disposition: "restock" }]);
    expect(received.status).toBe(200);
    expect(received.body.status).toBe("received");
    expect(received.body.lines[0]).toMatchObject({ receivedQuantity: 1, disposition: "restock" });
    expect(await stockOf("MUG-350")).toBe(stockBefore + 1);

    // Refund to the card: the mug's price with its tax, no shipping.
    const refunded = await kit.refund(returnId, { method: "original_payment" });
    expect(refunded.status).toBe(201);
    expect(refunded.body.status).toBe("refunded");
    expect(refunded.body.refund).toMatchObject({
      method: "original_payment",
      status: "succeeded",
      amount: { amount: mugPaid, currency: "USD" },
      includesShipping: false,
    });
    expect(refunded.body.transitions.map((t: { to: string }) => t.to)).toEqual([
      "requested",
      "approved",
      "received",
      "refunded",
    ]);
    // The merchant's moves name the API key that made them.
    const [byShopper, ...byMerchant] = refunded.body.transitions.map((t: { actor: string }) => t.actor);
    expect(byShopper).toBe("shopper");
    expect(byMerchant).toEqual([expect.stringMatching(/^key_/), byMerchant[0], byMerchant[0]]);
    const payments = await app.call("GET", `/admin/orders/${order.id}/payments`, { headers: admin() });
    expect(payments.body.payments[0].status).toBe("partially_refunded");
    expect(payments.body.payments[0].refunded.amount).toBe(mugPaid);
    const after = await app.call("GET", `/admin/orders/${order.id}`, { headers: admin() });
    expect(after.body.paymentStatus).toBe("partially_refunded");
    expect(after.body.timeline.map((t: { type: string }) => t.type)).toEqual(
      expect.arrayContaining([
        "return_requested",
        "return_approved",
        "return_received",
        "return_refunded",
        "payment_partially_refunded",
      ]),
    );

    // The refund email names the amount and carries the credit note, whose total is the refund.
    await kit.drainEvents();
    await app.mail.runOnce();
    const money = formatMoney(mugPaid, "USD", "en-US");
    const [refundMail, ...moreRefundMails] = mailsTo("refund of");
    expect(moreRefundMails).toHaveLength(0);
    expect(refundMail!.to).toMatchObject({ value: [{ address: "ada@example.com" }] });
    expect(refundMail!.subject).toBe(`Demo Store: refund of ${money} for order ${order.number}`);
    expect(refundMail!.text).toContain(money);
    expect(refundMail!.text).toContain("Visa");
    expect(refundMail!.attachments).toHaveLength(1);
    const notePdf = refundMail!.attachments[0]!.content;
    const runs = await pdfTextRuns(notePdf);
    const noteNumber = refunded.body.refund.creditNoteNumber as string;
    expect(noteNumber).toMatch(/^CN-\d{6}$/);
    expect(runs.join(" ")).toContain(`Credit note ${noteNumber}`);
    expect(runs.join(" ")).toContain(order.number);
    expect(runs.join(" ")).toMatch(/Corrects invoice INV-\d+/);
    expect(valueAfter(runs, "Total refunded (USD)")).toBe(money);
    expect(valueAfter(runs, "Tax")).toBe(formatMoney(mug.tax.amount, "USD", "en-US"));

    // The same document from the Admin and the Store API, every time.
    const fromAdmin = await app.server.inject({
      method: "GET",
      url: `/admin/returns/${returnId}/credit-note.pdf`,
      headers: admin(),
    });
    expect(fromAdmin.statusCode).toBe(200);
    expect(fromAdmin.headers["content-type"]).toBe("application/pdf");
    expect(Buffer.compare(fromAdmin.rawPayload, notePdf)).toBe(0);
    const fromStore = await app.server.inject({
      method: "GET",
      url: `/store/orders/${order.id}/returns/${returnId}/credit-note.pdf`,
      headers: { "x-order-token": order.accessToken },
    });
    expect(fromStore.statusCode).toBe(200);
    expect(Buffer.compare(fromStore.rawPayload, notePdf)).toBe(0);

    // Nothing more to do with it: a second refund is a 409.
    const again = await kit.refund(returnId, { method: "original_payment" });
    expect(again.status, JSON.stringify(again.body)).toBe(409);
    expect(again.body.code).toBe("return_transition_invalid");
  });
  it("refunds as a gift card whose code arrives in the refund email, in the store's locale, and works", async () => {
    const { order } = await kit.shippedOrder([{ sku: "MUG-350", quantity: 1 }]);
    const returned = await kit.receivedReturn(order, [{ sku: "MUG-350", quantity: 1 }]);
    const refunded = await kit.refund(returned.id, { method: "gift_card" });
    expect(refunded.status).toBe(201);
    const amount = refunded.body.refund.amount.amount as number;
    await kit.drainEvents();
    await app.mail.runOnce();
    const mail = inbox.messages.find(
      (m) => m.subject?.includes(`order ${order.number}`) && m.subject.includes("refund"),
    );
    expect(mail).toBeDefined();
    const code = mail!.text!.match(/Your code: (\S+)/)?.[1];
    expect(code).toBeDefined();
    expect(mail!.text).toContain("as a gift card");
    const balance = await app.call("GET", `/store/gift-cards/balance?code=${encodeURIComponent(code!)}`);
    expect(balance.status).toBe(200);
    expect(balance.body.balance).toEqual({ amount, currency: "USD" });
    // The code is in the email only: not in the Admin API's view of the return or its credit note.
    const read = await app.call("GET", `/admin/returns/${returned.id}`, { headers: admin() });
    expect(JSON.stringify(read.body)).not.toContain(code);
    const runs = await pdfTextRuns(mail!.attachments[0]!.content);
    expect(runs.join(" ")).not.toContain(code);
    expect(valueAfter(runs, "Total refunded (USD)")).toBe(formatMoney(amount, "USD", "en-US"));
  });
});
