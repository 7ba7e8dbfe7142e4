import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isValidS10, signCarrierWebhook } from "../src/modules/fulfillment/index.ts";
import type { MailTransport, OutgoingMail } from "../src/modules/notifications/index.ts";
import type { PaymentGateway } from "../src/modules/payments/index.ts";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";
import { createScriptedGateway, instantTiming } from "./support/fake-gateway.ts";
import { pdfTextRuns } from "./support/pdf-text.ts";

const secret = "test-carrier-secret-0123456789";

describe.each(databaseKinds())("fulfilling an order on %s", (kind) => {
  let app: TestApp;
  let admin: Record<string, string>;
  const outbox: OutgoingMail[] = [];
  const mailTransport: MailTransport = {
    name: "memory",
    send: async (mail) => {
      outbox.push(mail);
    },
    close: () => {},
  };
  beforeAll(async () => {
    app = await startTestApp(kind, { mailTransport }, { CARRIER_WEBHOOK_SECRET: secret });
    admin = { authorization: `Bearer ${app.apiKey}` };
  });
  afterAll(async () => app?.close());

  const orderOf = async (
    a: TestApp,
    lines = [
      { sku: "TEE-M", quantity: 2 },
      { sku: "MUG-350", quantity: 1 },
    ],
  ) => {
    const { cartId, headers } = await readyCart(a, { lines });
    const res = await a.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": `k-${cartId}` },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });
    expect(res.status).toBe(200);
    return res.body as { id: string; number: string };
  };
  const ship = (
    a: TestApp,
    orderId: string,
    lines: { sku: string; quantity: number }[],
    key = `s-${Math.random()}`,
  ) =>
    a.call("POST", `/admin/orders/${orderId}/shipments`, {
      headers: { authorization: `Bearer ${a.apiKey}`, "idempotency-key": key },
      body: { lines },
    });
  const getOrder = async (orderId: string) =>
    (await app.call("GET", `/admin/orders/${orderId}`, { headers: admin })).body;
  const track = (event: Record<string, unknown>, options: { sign?: string; timestamp?: number } = {}) => {
    const body = JSON.stringify(event);
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    return app.call("POST", "/webhooks/carriers/test", {
      headers: {
        "x-carrier-timestamp": String(timestamp),
        "x-carrier-signature": signCarrierWebhook(options.sign ?? secret, timestamp, body),
      },
      body,
    });
  };
  const drainEvents = async () => {
    while ((await app.events.dispatchOnce()) > 0);
  };
  const emailsOf = async (orderId: string) =>
    (await app.call("GET", `/admin/emails?orderId=${orderId}&limit=100`, { headers: admin })).body.emails as {
      kind: string;
      shipmentId: string | null;
      subject: string;
    }[];

  it("ships an order in two parcels with labels, tracking and emails, up to delivered", async () => {
    const order = await orderOf(app);

    const before = await app.call("GET", "/admin/fulfillment/pick-list", { headers: admin });
    expect(before.status).toBe(200);
    const picked = before.body.orders.find((o: { orderId: string }) => o.orderId === order.id);
    expect(picked.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([
      ["TEE-M", 2],
      ["MUG-350", 1],
    ]);

    const first = await ship(app, order.id, [{ sku: "TEE-M", quantity: 1 }]);
    expect(first.status).toBe(201);
    expect(first.body.capture).toBe("not_needed");
    expect((await getOrder(order.id)).fulfillmentStatus).toBe("partially_fulfilled");
    const afterFirst = await app.call("GET", "/admin/fulfillment/pick-list", { headers: admin });
    const left = afterFirst.body.orders.find((o: { orderId: string }) => o.orderId === order.id);
    expect(left.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([
      ["TEE-M", 1],
      ["MUG-350", 1],
    ]);

    const second = await ship(app, order.id, [
      { sku: "TEE-M", quantity: 1 },
      { sku: "MUG-350", quantity: 1 },
    ]);
    expect(second.status).toBe(201);
    expect((await getOrder(order.id)).fulfillmentStatus).toBe("fulfilled");
    const afterAll_ = await app.call("GET", "/admin/fulfillment/pick-list", { headers: admin });
    expect(afterAll_.body.orders.some((o: { orderId: string }) => o.orderId === order.id)).toBe(false);

    const parcels = [first.body.shipment.id, second.body.shipment.id] as string[];
    const tracking: string[] = [];
    for (const id of parcels) {
      const labelled = await app.call("POST", `/admin/shipments/${id}/label`, { headers: admin });
      expect(labelled.status).toBe(200);
      expect(labelled.body.status).toBe("labelled");
      expect(isValidS10(labelled.body.trackingNumber)).toBe(true);
      // Buying again returns the same label.
      const again = await app.call("POST", `/admin/shipments/${id}/label`, { headers: admin });
      expect(again.body.trackingNumber).toBe(labelled.body.trackingNumber);
      tracking.push(labelled.body.trackingNumber);

      const pdf = await app.server.inject({
        method: "GET",
        url: `/admin/shipments/${id}/label.pdf`,
        headers: admin,
      });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers["content-type"]).toBe("application/pdf");
      const runs = await pdfTextRuns(pdf.rawPayload);
      expect(runs).toContain(labelled.body.trackingNumber);
      expect(runs.join(" ")).toContain("Ada Lovelace");

      const shipped = await app.call("POST", `/admin/shipments/${id}/ship`, { headers: admin });
      expect(shipped.status).toBe(200);
      expect(shipped.body.status).toBe("shipped");
      // Marking again changes nothing (and queues no second email, checked below).
      expect((await app.call("POST", `/admin/shipments/${id}/ship`, { headers: admin })).status).toBe(200);
    }
    expect(tracking[0]).not.toBe(tracking[1]);

    const t0 = Date.parse("2026-11-20T08:00:00Z");
    const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
    const [a, b] = tracking as [string, string];
    expect(
      (await track({ id: "ev-1", trackingNumber: a, status: "in_transit", occurredAt: at(0) })).body.result,
    ).toBe("applied");
    // The same event again has no second effect.
    expect(
      (await track({ id: "ev-1", trackingNumber: a, status: "in_transit", occurredAt: at(0) })).body.result,
    ).toBe("duplicate");
    expect(
      (await track({ id: "ev-2", trackingNumber: a, status: "out_for_delivery", occurredAt: at(60) })).body
        .result,
    ).toBe("applied");
    expect(
      (await track({ id: "ev-3", trackingNumber: a, status: "delivered", occurredAt: at(120) })).body.result,
    ).toBe("applied");
    // A late, older scan does not move a delivered parcel back.
    expect(
      (await track({ id: "ev-4", trackingNumber: a, status: "in_transit", occurredAt: at(30) })).body.result,
    ).toBe("stale");
    const parcelA = await app.call("GET", `/admin/shipments/${parcels[0]}`, { headers: admin });
    expect(parcelA.body.status).toBe("delivered");
    expect((await getOrder(order.id)).fulfillmentStatus).toBe("fulfilled");

    expect(
      (await track({ id: "ev-5", trackingNumber: b, status: "delivered", occurredAt: at(200) })).body.result,
    ).toBe("applied");
    const done = await getOrder(order.id);
    expect(done.fulfillmentStatus).toBe("delivered");
    expect(done.timeline.map((t: { type: string }) => t.type)).toEqual(
      expect.arrayContaining([
        "placed",
        "fulfillment_partially_fulfilled",
        "fulfillment_fulfilled",
        "fulfillment_delivered",
      ]),
    );

    await drainEvents();
    await drainEvents();
    const emails = await emailsOf(order.id);
    const shippedEmails = emails.filter((e) => e.kind === "shipment_shipped");
    expect(shippedEmails.map((e) => e.shipmentId).sort()).toEqual([...parcels].sort());
    expect(emails.filter((e) => e.kind === "shipment_delivered")).toHaveLength(2);
    expect(emails.filter((e) => e.kind === "order_confirmation")).toHaveLength(1);
    const sent = await app.mail.runOnce();
    expect(sent.failed).toBe(0);
    const shippedMail = outbox.filter((m) => m.subject === shippedEmails[0]!.subject);
    expect(shippedMail).toHaveLength(2);
    for (const [i, number] of tracking.entries()) {
      const mail = shippedMail.find((m) => m.text.includes(number))!;
      expect(mail, `shipped email ${i}`).toBeDefined();
      expect(mail.text).toContain(`https://track.carrier.example/parcels/${number}`);
      expect(mail.html).toContain(number);
      // The receipt came with the confirmation; a parcel notice carries no attachment.
      expect(mail.attachments).toEqual([]);
    }
  });

  it("refuses tracking updates with a bad signature or a stale timestamp", async () => {
    const event = {
      id: "ev-bad",
      trackingNumber: "LT000000000US",
      status: "delivered",
      occurredAt: new Date().toISOString(),
    };
    const forged = await track(event, { sign: "not-the-secret-at-all" });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe("webhook_signature_invalid");
    const old = await track(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(old.status).toBe(400);
    const unsigned = await app.call("POST", "/webhooks/carriers/test", { body: event });
    expect(unsigned.status).toBe(400);
  });

  it("never ships more than was ordered", async () => {
    const order = await orderOf(app, [{ sku: "TEE-L", quantity: 2 }]);
    const tooMany = await ship(app, order.id, [{ sku: "TEE-L", quantity: 3 }]);
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.code).toBe("quantity_exceeds_unfulfilled");
    expect((await ship(app, order.id, [{ sku: "TEE-L", quantity: 2 }])).status).toBe(201);
    const more = await ship(app, order.id, [{ sku: "TEE-L", quantity: 1 }]);
    expect(more.status).toBe(409);
    expect(more.body.remaining).toBe(0);
    const unknown = await ship(app, order.id, [{ sku: "MUG-350", quantity: 1 }]);
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe("sku_not_in_order");
  });

  it("ships each unit once when shipments are created in parallel", async () => {
    const order = await orderOf(app, [{ sku: "TEE-S", quantity: 3 }]);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        ship(app, order.id, [{ sku: "TEE-S", quantity: 1 }], `par-${order.id}-${i}`),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409)).toHaveLength(2);
    const list = await app.call("GET", `/admin/orders/${order.id}/shipments`, { headers: admin });
    expect(list.body.shipments).toHaveLength(3);
  });

  it("replays a shipment created with the same Idempotency-Key instead of shipping twice", async () => {
    const order = await orderOf(app, [{ sku: "MUG-350", quantity: 2 }]);
    const once = await ship(app, order.id, [{ sku: "MUG-350", quantity: 1 }], `same-${order.id}`);
    const twice = await ship(app, order.id, [{ sku: "MUG-350", quantity: 1 }], `same-${order.id}`);
    expect(twice.status).toBe(201);
    expect(twice.body.shipment.id).toBe(once.body.shipment.id);
    const list = await app.call("GET", `/admin/orders/${order.id}/shipments`, { headers: admin });
    expect(list.body.shipments).toHaveLength(1);
  });

  it("refuses to cancel an order once it has a shipment, and to ship a cancelled order", async () => {
    const shipped = await orderOf(app, [{ sku: "STICKERS-5", quantity: 1 }]);
    expect((await ship(app, shipped.id, [{ sku: "STICKERS-5", quantity: 1 }])).status).toBe(201);
    const refused = await app.call("POST", `/admin/orders/${shipped.id}/cancel`, {
      headers: admin,
      body: { reason: "too late" },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("order_not_cancellable");
    expect((await getOrder(shipped.id)).status).toBe("placed");

    const cancelled = await orderOf(app, [{ sku: "STICKERS-5", quantity: 1 }]);
    expect(
      (
        await app.call("POST", `/admin/orders/${cancelled.id}/cancel`, {
          headers: admin,
          body: { reason: "x" },
        })
      ).status,
    ).toBe(200);
    const late = await ship(app, cancelled.id, [{ sku: "STICKERS-5", quantity: 1 }]);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe("order_not_fulfillable");
  });

  it("lets an exception be followed by newer progress, and needs a label before shipping", async () => {
    const order = await orderOf(app, [{ sku: "TEE-M", quantity: 1 }]);
    const id = (await ship(app, order.id, [{ sku: "TEE-M", quantity: 1 }])).body.shipment.id;
    expect((await app.call("GET", `/admin/shipments/${id}/label.pdf`, { headers: admin })).status).toBe(404);
    const early = await app.call("POST", `/admin/shipments/${id}/ship`, { headers: admin });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe("shipment_not_shippable");
    const number = (await app.call("POST", `/admin/shipments/${id}/label`, { headers: admin })).body
      .trackingNumber;
    const at = (minutes: number) =>
      new Date(Date.parse("2026-11-21T08:00:00Z") + minutes * 60_000).toISOString();
    const status = async () =>
      (await app.call("GET", `/admin/shipments/${id}`, { headers: admin })).body.status;
    // The first scan of a labelled parcel ships it.
    await track({ id: `x1-${id}`, trackingNumber: number, status: "out_for_delivery", occurredAt: at(0) });
    expect(await status()).toBe("out_for_delivery");
    expect(
      (await track({ id: `x2-${id}`, trackingNumber: number, status: "exception", occurredAt: at(10) })).body
        .result,
    ).toBe("applied");
    expect(await status()).toBe("exception");
    await track({ id: `x3-${id}`, trackingNumber: number, status: "out_for_delivery", occurredAt: at(600) });
    expect(await status()).toBe("out_for_delivery");
    // A step back, even if newer, is not applied.
    expect(
      (await track({ id: `x4-${id}`, trackingNumber: number, status: "in_transit", occurredAt: at(700) }))
        .body.result,
    ).toBe("stale");
    expect(await status()).toBe("out_for_delivery");
    await drainEvents();
    expect((await emailsOf(order.id)).filter((e) => e.kind === "shipment_shipped")).toHaveLength(1);
  });

  it("applies a tracking event once when it is delivered many times in parallel", async () => {
    const order = await orderOf(app, [{ sku: "MUG-350", quantity: 1 }]);
    const id = (await ship(app, order.id, [{ sku: "MUG-350", quantity: 1 }])).body.shipment.id;
    const number = (await app.call("POST", `/admin/shipments/${id}/label`, { headers: admin })).body
      .trackingNumber;
    const event = {
      id: `par-${id}`,
      trackingNumber: number,
      status: "delivered",
      occurredAt: new Date().toISOString(),
    };
    const results = await Promise.all(Array.from({ length: 6 }, () => track(event)));
    expect(results.map((r) => r.body.result).sort()).toEqual(["applied", ...Array(5).fill("duplicate")]);
    expect((await getOrder(order.id)).fulfillmentStatus).toBe("delivered");
    await drainEvents();
    const emails = await emailsOf(order.id);
    expect(emails.filter((e) => e.kind === "shipment_shipped")).toHaveLength(1);
    expect(emails.filter((e) => e.kind === "shipment_delivered")).toHaveLength(1);
  });

  it("lets either a cancellation or a shipment win a race, never both", async () => {
    for (let round = 0; round < 3; round++) {
      const order = await orderOf(app, [{ sku: "STICKERS-5", quantity: 1 }]);
      const [cancelled, shipped] = await Promise.all([
        app.call("POST", `/admin/orders/${order.id}/cancel`, { headers: admin, body: { reason: "race" } }),
        ship(app, order.id, [{ sku: "STICKERS-5", quantity: 1 }]),
      ]);
      expect([cancelled.status, shipped.status].sort()).toEqual(
        cancelled.status === 200 ? [200, 409] : [201, 409],
      );
      const final = await getOrder(order.id);
      expect(final.status === "cancelled").toBe(final.fulfillmentStatus === "unfulfilled");
    }
  });

  it("needs the fulfillment scopes", async () => {
    expect((await app.call("GET", "/admin/fulfillment/pick-list")).status).toBe(401);
    expect((await app.call("GET", "/admin/shipments/shp_unknown", { headers: admin })).status).toBe(404);
  });

  it("captures the payment with the first shipment when CAPTURE_ON=fulfilment", async () => {
    const store = await startTestApp(kind, {}, { CAPTURE_ON: "fulfilment" });
    try {
      const order = await orderOf(store, [{ sku: "TEE-M", quantity: 2 }]);
      const headers = { authorization: `Bearer ${store.apiKey}` };
      expect((await store.call("GET", `/admin/orders/${order.id}`, { headers })).body.paymentStatus).toBe(
        "authorized",
      );
      const first = await ship(store, order.id, [{ sku: "TEE-M", quantity: 1 }]);
      expect(first.body.capture).toBe("captured");
      const after = (await store.call("GET", `/admin/orders/${order.id}`, { headers })).body;
      expect(after.paymentStatus).toBe("captured");
      const payments = await store.call("GET", `/admin/orders/${order.id}/payments`, { headers });
      expect(payments.body.payments[0].captured).toEqual(after.amountCharged);
      const second = await ship(store, order.id, [{ sku: "TEE-M", quantity: 1 }]);
      expect(second.body.capture).toBe("not_needed");
    } finally {
      await store.close();
    }
  });

  it("reports a capture at fulfilment the provider cannot answer, keeps the shipment, and captures with the next one", async () => {
    const scripted = createScriptedGateway("flaky");
    const provider = { down: true, captureKeys: [] as string[] };
    const timing = instantTiming();
    const gateway: PaymentGateway = {
      ...scripted.gateway,
      async capture(request) {
        provider.captureKeys.push(request.idempotencyKey);
        if (provider.down) return { status: "unknown", reason: "timeout" };
        return { status: "captured", amount: request.amount };
      },
    };
    const store = await startTestApp(
      kind,
      { gateways: { flaky: gateway }, paymentResilience: { timing: timing.timing } },
      { CAPTURE_ON: "fulfilment" },
    );
    try {
      const headers = { authorization: `Bearer ${store.apiKey}` };
      const cart = await readyCart(store, { lines: [{ sku: "TEE-M", quantity: 2 }] });
      const placed = await store.call("POST", `/store/carts/${cart.cartId}/complete`, {
        headers: { ...cart.headers, "idempotency-key": "capture-outage" },
        body: { payment: { provider: "flaky", token: "tok_visa" } },
      });
      expect(placed.status).toBe(200);
      const orderId = placed.body.id as string;

      const first = await ship(store, orderId, [{ sku: "TEE-M", quantity: 1 }]);
      expect(first.status).toBe(201);
      expect(first.body.capture).toBe("failed");
      const during = (await store.call("GET", `/admin/orders/${orderId}`, { headers })).body;
      expect(during.fulfillmentStatus).toBe("partially_fulfilled");
      expect(during.paymentStatus).not.toBe("captured");

      provider.down = false;
      timing.advance(60_000);
      const second = await ship(store, orderId, [{ sku: "TEE-M", quantity: 1 }]);
      expect(second.status).toBe(201);
      expect(second.body.capture).toBe("captured");
      const after = (await store.call("GET", `/admin/orders/${orderId}`, { headers })).body;
      expect(after.paymentStatus).toBe("captured");
      const payments = await store.call("GET", `/admin/orders/${orderId}/payments`, { headers });
      expect(payments.body.payments[0].captured).toEqual(after.amountCharged);
      // Every attempt carried one key: a provider that did capture during the outage captures once.
      expect(new Set(provider.captureKeys).size).toBe(1);
    } finally {
      await store.close();
    }
  });
});
