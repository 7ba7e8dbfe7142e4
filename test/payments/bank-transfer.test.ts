import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/config.ts";
import type { OutgoingMail } from "../../src/modules/notifications/index.ts";
import type { FixedClock } from "../../src/shared/clock.ts";
import type { TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { checkout, deliver, eventsOf, newKey, startOfflineApp, stockOf } from "./offline-payments-kit.ts";

const rf = /^RF\d{2}\d+$/;

describe.each(databaseKinds())("bank transfer on %s", (kind) => {
  let app: TestApp;
  let clock: FixedClock;
  let sent: OutgoingMail[];
  let admin: Record<string, string>;
  beforeAll(async () => {
    ({ app, clock, sent, admin } = await startOfflineApp(kind));
  });
  afterAll(async () => app?.close());

  const bankOrder = async (sku = "MUG-350", quantity = 1) => {
    const res = await checkout(app, { provider: "bank_transfer" }, { lines: [{ sku, quantity }] });
    expect(res.status).toBe(200);
    return res.body;
  };
  const markPaid = (orderId: string, amount: number, key = newKey("paid"), receivedOn = "2030-03-03") =>
    app.call("POST", `/admin/orders/${orderId}/payments/receipts`, {
      headers: { ...admin, "idempotency-key": key },
      body: { amount, receivedOn },
    });
  const readOrder = async (orderId: string) =>
    (await app.call("GET", `/admin/orders/${orderId}`, { headers: admin })).body;
  const importCsv = (csv: string) =>
    app.call("POST", "/admin/payments/bank-statements", { headers: admin, body: { csv } });

  it("places the order awaiting payment, commits the stock and gives a checked reference and the bank details", async () => {
    const before = await stockOf(app, admin, "MUG-350");
    const order = await bankOrder("MUG-350", 2);
    expect(order.status).toBe("placed");
    expect(order.paymentStatus).toBe("awaiting_payment");
    const i = order.payment.instructions;
    expect(i.reference).toMatch(rf);
    expect(i.amount).toEqual(order.totals.total);
    expect(i.payTo).toEqual({
      iban: "DE89370400440532013000",
      bic: "COBADEFFXXX",
      accountName: "Cartwright Demo GmbH",
    });
    expect(i.dueOn).toBe("2030-03-09");
    expect(await stockOf(app, admin, "MUG-350")).toBe(before - 2);

    const other = await bankOrder();
    expect(other.payment.instructions.reference).not.toBe(i.reference);

    // The shopper's status page shows the same instructions.
    const status = await app.call("GET", `/store/orders/${order.id}`, {
      headers: { "x-order-token": order.accessToken },
    });
    expect(status.body.payment.instructions.reference).toBe(i.reference);
  });

  it("emails the payment details once, beside the confirmation", async () => {
    const order = await bankOrder();
    await deliver(app);
    const mails = sent.filter((m) => m.text.includes(order.number));
    const howToPay = mails.filter((m) => m.subject.includes("bank transfer"));
    expect(howToPay).toHaveLength(1);
    const text = howToPay[0]!.text;
    expect(text).toContain("DE89 3704 0044 0532 0130 00");
    expect(text).toContain("COBADEFFXXX");
    expect(text).toContain(order.payment.instructions.reference.slice(0, 4));
    expect(text.replace(/\s/g, "")).toContain(order.payment.instructions.reference);
    expect(howToPay[0]!.attachments ?? []).toHaveLength(0);
    expect(mails.filter((m) => m.subject.includes("confirmed"))).toHaveLength(1);
  });

  it("accumulates partial payments, then marks the order paid", async () => {
    const order = await bankOrder();
    const total = order.totals.total.amount;
    const first = await markPaid(order.id, 500);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      paymentStatus: "partially_paid",
      outstanding: { amount: total - 500 },
    });
    const rest = await markPaid(order.id, total - 500);
    expect(rest.body).toMatchObject({
      paymentStatus: "captured",
      outstanding: { amount: 0 },
      overpaid: { amount: 0 },
    });
    const read = await readOrder(order.id);
    expect(read.paymentStatus).toBe("captured");
    expect(read.timeline.map((t: { type: string }) => t.type)).toEqual(
      expect.arrayContaining(["payment_received", "payment_partially_paid", "payment_captured"]),
    );
    const received = (await eventsOf(app, "payment.received")).filter((e) => e.orderId === order.id);
    expect(received.map((e) => e.applied)).toEqual([500, total - 500]);
  });

  it("flags an overpayment and keeps captured at the amount due", async () => {
    const order = await bankOrder();
    const total = order.totals.total.amount;
    const res = await markPaid(order.id, total + 250);
    expect(res.body).toMatchObject({
      paymentStatus: "captured",
      applied: { amount: total },
      overpaid: { amount: 250 },
      received: { amount: total },
    });
    const read = await readOrder(order.id);
    expect(read.timeline.some((t: { type: string }) => t.type === "payment_overpaid")).toBe(true);
  });

  it("lists each receipt on the order's payment with its date, reference and overpayment", async () => {
    const order = await bankOrder();
    const total = order.totals.total.amount;
    const first = await app.call("POST", `/admin/orders/${order.id}/payments/receipts`, {
      headers: { ...admin, "idempotency-key": newKey() },
      body: { amount: 500, receivedOn: "2030-03-03", reference: "  Bank txn 4711  " },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    await markPaid(order.id, total, newKey(), "2030-03-04");
    const payments = await app.call("GET", `/admin/orders/${order.id}/payments`, { headers: admin });
    const currency = order.totals.total.currency;
    expect(payments.body.payments[0].receipts).toEqual([
      expect.objectContaining({
        source: "manual",
        amount: { amount: 500, currency },
        applied: { amount: 500, currency },
        overpaid: { amount: 0, currency },
        receivedOn: "2030-03-03",
        reference: "Bank txn 4711",
      }),
      expect.objectContaining({
        amount: { amount: total, currency },
        applied: { amount: total - 500, currency },
        overpaid: { amount: 500, currency },
        receivedOn: "2030-03-04",
        reference: null,
      }),
    ]);
    const long = await app.call("POST", `/admin/orders/${order.id}/payments/receipts`, {
      headers: { ...admin, "idempotency-key": newKey() },
      body: { amount: 5, receivedOn: "2030-03-03", reference: "x".repeat(141) },
    });
    expect(long.status).toBe(400);
  });

  it("records a mark-paid sent many times in parallel with one key once", async () => {
    const order = await bankOrder();
    const key = newKey("parallel");
    const results = await Promise.all(Array.from({ length: 6 }, () => markPaid(order.id, 300, key)));
    expect(results.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    for (const r of results) expect([201, 409]).toContain(r.status);
    const again = await markPaid(order.id, 300, key);
    expect(again.status).toBe(201);
    expect(again.body.received.amount).toBe(300);
    const received = (await eventsOf(app, "payment.received")).filter((e) => e.orderId === order.id);
    expect(received).toHaveLength(1);
  });

  it("adds up parallel receipts with different keys exactly", async () => {
    const order = await bankOrder();
    const results = await Promise.all([100, 200, 300].map((amount) => markPaid(order.id, amount)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const payments = await app.call("GET", `/admin/orders/${order.id}/payments`, { headers: admin });
    expect(payments.body.payments[0].captured.amount).toBe(600);
  });

  it("reconciles a statement by reference: matched, unmatched and ambiguous, and a second import changes nothing", {
    timeout: 120_000,
  }, async () => {
    const a = await bankOrder();
    const b = await bankOrder();
    const c = await bankOrder("TEE-M", 1);
    const due = (o: { totals: { total: { amount: number } } }) => (o.totals.total.amount / 100).toFixed(2);
    const spaced = (ref: string) => ref.replace(/(.{4})/g, "$1 ").trim();
    const csv = [
      "Date,Amount,Currency,Reference,Id",
      `2030-03-04,${due(a)},USD,Order ${spaced(a.payment.instructions.reference)} thanks,tx-1`,
      `2030-03-04,1.00,USD,"Part of ${b.payment.instructions.reference.toLowerCase()}",tx-2`,
      "2030-03-04,12.34,USD,Rent March,tx-3",
      `2030-03-04,${due(c)},USD,no reference given,tx-4`,
      "2030-03-04,-50.00,USD,Outgoing fee,tx-5",
      `2030-03-04,3.21,USD,RF00${a.payment.instructions.reference.slice(4)},tx-6`,
    ].join("\n");
    const first = await importCsv(csv);
    expect(first.status).toBe(200);
    const byLine = Object.fromEntries(first.body.lines.map((l: { line: number }) => [l.line, l]));
    expect(byLine[2]).toMatchObject({ status: "matched", orderId: a.id, outstanding: { amount: 0 } });
    expect(byLine[3]).toMatchObject({ status: "matched", orderId: b.id, applied: { amount: 100 } });
    expect(byLine[4]).toMatchObject({ status: "unmatched", reason: "no_reference" });
    expect(byLine[5]).toMatchObject({ status: "ambiguous", reason: "no_reference" });
    expect(byLine[5].candidates).toContain(c.id);
    expect(byLine[6]).toMatchObject({ status: "unmatched", reason: "not_incoming" });
    expect(byLine[7]).toMatchObject({ status: "unmatched", reason: "invalid_reference" }); // bad check digits
    expect(first.body.summary).toEqual({ lines: 6, matched: 2, duplicate: 0, unmatched: 3, ambiguous: 1 });
    expect((await readOrder(a.id)).paymentStatus).toBe("captured");
    expect((await readOrder(b.id)).paymentStatus).toBe("partially_paid");
    expect((await readOrder(c.id)).paymentStatus).toBe("awaiting_payment");

    const second = await importCsv(csv);
    expect(second.body.summary).toMatchObject({ matched: 0, duplicate: 2 });
    const payments = await app.call("GET", `/admin/orders/${b.id}/payments`, { headers: admin });
    expect(payments.body.payments[0].captured.amount).toBe(100);
    expect((await eventsOf(app, "payment.received")).filter((e) => e.orderId === b.id)).toHaveLength(1);
  });

  it("tells identical lines without a bank id apart, and still applies each once", async () => {
    const order = await bankOrder();
    const line = `2030-03-05,2.00,USD,${order.payment.instructions.reference}`;
    const csv = ["date,amount,currency,description", line, line].join("\n");
    expect((await importCsv(csv)).body.summary).toMatchObject({ matched: 2 });
    expect((await importCsv(csv)).body.summary).toMatchObject({ matched: 0, duplicate: 2 });
    const payments = await app.call("GET", `/admin/orders/${order.id}/payments`, { headers: admin });
    expect(payments.body.payments[0].captured.amount).toBe(400);
  });

  it("refuses an unreadable statement whole, naming the line, and applies nothing", async () => {
    const order = await bankOrder();
    const ref = order.payment.instructions.reference;
    const bad = await importCsv(
      `date,amount,currency,reference\n2030-03-04,5.00,USD,${ref}\n2030-13-01,abc,USD,x`,
    );
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe("invalid_bank_statement");
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(["line 3.date", "line 3.amount"]);
    expect((await importCsv("when,how much\n1,2")).status).toBe(422);
    expect((await importCsv('date,amount,currency,reference\n"unclosed')).status).toBe(422);
    expect((await readOrder(order.id)).paymentStatus).toBe("awaiting_payment");
  });

  it("refuses bad mark-paid input with a 4xx and changes nothing", async () => {
    const order = await bankOrder();
    expect((await markPaid(order.id, -5)).status).toBe(400);
    expect((await markPaid(order.id, 5, newKey(), "31.12.2030")).status).toBe(400);
    const wrongCurrency = await app.call("POST", `/admin/orders/${order.id}/payments/receipts`, {
      headers: { ...admin, "idempotency-key": newKey() },
      body: { amount: 5, currency: "EUR", receivedOn: "2030-03-03" },
    });
    expect(wrongCurrency.status).toBe(422);
    expect((await markPaid("ord_missing", 5)).status).toBe(404);
    const card = await checkout(app, { provider: "test", token: "tok_visa" });
    expect((await markPaid(card.body.id, 5)).body.code).toBe("payment_not_offline");
    expect((await readOrder(order.id)).paymentStatus).toBe("awaiting_payment");
  });

  it("refuses an unknown payment method and a card payment without a token before anything is held", async () => {
    const unknown = await checkout(app, { provider: "cheque" });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe("unsupported_payment_provider");
    const noToken = await checkout(app, { provider: "test" });
    expect(noToken.status).toBe(400);
    expect(noToken.body.errors[0].field).toBe("payment.token");
  });

  it("cancels orders still unpaid after the due days, releasing their stock, and leaves paid ones", {
    timeout: 120_000,
  }, async () => {
    const stockBefore = await stockOf(app, admin, "STICKERS-5");
    const unpaid = await bankOrder("STICKERS-5", 2);
    const partly = await bankOrder("STICKERS-5", 1);
    const paid = await bankOrder("STICKERS-5", 1);
    await markPaid(partly.id, 100);
    await markPaid(paid.id, paid.totals.total.amount);
    expect(await stockOf(app, admin, "STICKERS-5")).toBe(stockBefore - 4);

    clock.advance(7 * 86_400_000); // the due day itself: still time to pay
    await app.sweep();
    expect((await readOrder(unpaid.id)).status).toBe("placed");

    clock.advance(86_400_000);
    await app.sweep();
    const cancelled = await readOrder(unpaid.id);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.paymentStatus).toBe("voided");
    expect((await readOrder(partly.id)).status).toBe("placed");
    expect((await readOrder(paid.id)).status).toBe("placed");
    expect(await stockOf(app, admin, "STICKERS-5")).toBe(stockBefore - 2);
    expect((await eventsOf(app, "order.cancelled")).some((e) => e.orderId === unpaid.id)).toBe(true);

    // Money arriving after the cancellation is refused, not silently kept.
    const late = await markPaid(unpaid.id, 100);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe("order_cancelled");
    await app.sweep();
    expect(await stockOf(app, admin, "STICKERS-5")).toBe(stockBefore - 2);
    clock.set("2030-03-02T10:00:00Z");
  });

  it("refunds what arrived when the merchant cancels a partly paid order", async () => {
    const before = await stockOf(app, admin, "MUG-350");
    const order = await bankOrder();
    await markPaid(order.id, 700);
    const cancelled = await app.call("POST", `/admin/orders/${order.id}/cancel`, {
      headers: admin,
      body: { reason: "shopper asked" },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.paymentStatus).toBe("refunded");
    expect(await stockOf(app, admin, "MUG-350")).toBe(before);
    const payments = await app.call("GET", `/admin/orders/${order.id}/payments`, { headers: admin });
    expect(payments.body.payments[0].refunded.amount).toBe(700);
  });

  it("lets either the overdue sweep or a payment arriving at the same moment win, never both", {
    timeout: 120_000,
  }, async () => {
    const orders = await Promise.all([1, 2, 3, 4].map(() => bankOrder("STICKERS-5", 1)));
    clock.advance(8 * 86_400_000);
    const [, ...paid] = await Promise.all([app.sweep(), ...orders.map((o) => markPaid(o.id, 100))]);
    for (const [i, o] of orders.entries()) {
      const read = await readOrder(o.id);
      if (paid[i]!.status === 201) {
        expect(read.status).toBe("placed");
        expect(read.paymentStatus).toBe("partially_paid");
      } else {
        expect(paid[i]!.body.code).toBe("order_cancelled");
        expect(read.status).toBe("cancelled");
        expect(read.paymentStatus).toBe("voided");
      }
    }
    clock.set("2030-03-02T10:00:00Z");
  });
});

describe("bank transfer settings", () => {
  it("refuses an IBAN with wrong check digits at start-up, naming the variable", () => {
    expect(() =>
      loadConfig({
        BANK_TRANSFER_IBAN: "DE88370400440532013000",
        BANK_TRANSFER_BIC: "COBADEFFXXX",
        BANK_TRANSFER_ACCOUNT_NAME: "x",
      }),
    ).toThrow(/BANK_TRANSFER_IBAN/);
    expect(() => loadConfig({ BANK_TRANSFER_IBAN: "DE89370400440532013000" })).toThrow(/BANK_TRANSFER_BIC/);
    expect(() => loadConfig({ BANK_TRANSFER_BIC: "not a bic" })).toThrow(/BANK_TRANSFER_BIC/);
    const ok = loadConfig({
      BANK_TRANSFER_IBAN: "de89 3704 0044 0532 0130 00",
      BANK_TRANSFER_BIC: "cobadeffxxx",
      BANK_TRANSFER_ACCOUNT_NAME: "Shop",
    });
    expect(ok.BANK_TRANSFER_IBAN).toBe("DE89370400440532013000");
    expect(ok.BANK_TRANSFER_DUE_DAYS).toBe(7);
  });
});
