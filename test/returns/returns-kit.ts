import { expect } from "vitest";
import { signCarrierWebhook } from "../../src/modules/fulfillment/index.ts";
import { readyCart, type TestApp } from "../support/app.ts";

export const carrierSecret = "returns-carrier-secret-0123456789";

export interface PlacedOrder {
  id: string;
  number: string;
  accessToken: string;
  totals: { total: { amount: number } };
}

/** Builders for return tests: an order, paid (captured), shipped in parcels and delivered. */
export function returnsKit(app: () => TestApp) {
  const admin = () => ({ authorization: `Bearer ${app().apiKey}` });
  let keys = 0;
  const key = (label: string) => `${label}-${Date.now()}-${keys++}`;

  async function placeOrder(lines?: { sku: string; quantity: number }[]): Promise<PlacedOrder> {
    const { cartId, headers } = await readyCart(app(), lines ? { lines } : {});
    const res = await app().call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": key("complete") },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });
    expect(res.status).toBe(200);
    return res.body;
  }

  async function capture(orderId: string): Promise<void> {
    const res = await app().call("POST", `/admin/orders/${orderId}/payments/capture`, {
      headers: { ...admin(), "idempotency-key": key("capture") },
      body: {},
    });
    expect(res.status).toBe(200);
  }

  /** Creates a shipment, buys its label and marks it shipped; returns id and tracking number. */
  async function ship(orderId: string, lines: { sku: string; quantity: number }[]) {
    const created = await app().call("POST", `/admin/orders/${orderId}/shipments`, {
      headers: { ...admin(), "idempotency-key": key("ship") },
      body: { lines },
    });
    expect(created.status).toBe(201);
    const id = created.body.shipment.id as string;
    const labelled = await app().call("POST", `/admin/shipments/${id}/label`, { headers: admin() });
    expect(labelled.status).toBe(200);
    expect((await app().call("POST", `/admin/shipments/${id}/ship`, { headers: admin() })).status).toBe(200);
    return { id, trackingNumber: labelled.body.trackingNumber as string };
  }

  /** A signed carrier webhook saying the parcel was delivered. */
  async function deliver(trackingNumber: string, occurredAt: string) {
    const body = JSON.stringify({ id: key("ev"), trackingNumber, status: "delivered", occurredAt });
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await app().call("POST", "/webhooks/carriers/test", {
      headers: {
        "x-carrier-timestamp": String(timestamp),
        "x-carrier-signature": signCarrierWebhook(carrierSecret, timestamp, body),
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.body.result).toBe("applied");
  }

  /** An order paid, shipped whole in one parcel: the quickest returnable order. */
  async function shippedOrder(lines?: { sku: string; quantity: number }[]) {
    const order = await placeOrder(lines);
    await capture(order.id);
    const read = await app().call("GET", `/admin/orders/${order.id}`, { headers: admin() });
    await ship(
      order.id,
      read.body.lines.map((l: { sku: string; quantity: number }) => ({ sku: l.sku, quantity: l.quantity })),
    );
    return {
      order,
      lines: read.body.lines as {
        sku: string;
        quantity: number;
        subtotal: { amount: number };
        discount: { amount: number };
        tax: { amount: number };
      }[],
    };
  }

  const requestReturn = (
    order: { id: string; accessToken: string },
    body: unknown,
    idempotencyKey = key("return"),
  ) =>
    app().call("POST", `/store/orders/${order.id}/returns`, {
      headers: { "x-order-token": order.accessToken, "idempotency-key": idempotencyKey },
      body,
    });

  const approve = (returnId: string) =>
    app().call("POST", `/admin/returns/${returnId}/approve`, { headers: admin(), body: {} });

  const receive = (returnId: string, lines: unknown[]) =>
    app().call("POST", `/admin/returns/${returnId}/receive`, { headers: admin(), body: { lines } });

  const refund = (returnId: string, body: unknown, idempotencyKey = key("refund")) =>
    app().call("POST", `/admin/returns/${returnId}/refund`, {
      headers: { ...admin(), "idempotency-key": idempotencyKey },
      body,
    });

  /** A return of `lines` approved and received (restocked): ready for its refund. */
  async function receivedReturn(order: PlacedOrder, lines: { sku: string; quantity: number }[]) {
    const requested = await requestReturn(order, { lines, reason: "no_longer_needed" });
    expect(requested.status).toBe(201);
    expect((await approve(requested.body.id)).status).toBe(200);
    const received = await receive(
      requested.body.id,
      lines.map((l) => ({ sku: l.sku, disposition: "restock" })),
    );
    expect(received.status).toBe(200);
    return received.body as { id: string; number: string };
  }

  const drainEvents = async () => {
    while ((await app().events.dispatchOnce()) > 0);
  };

  return {
    admin,
    key,
    placeOrder,
    capture,
    ship,
    deliver,
    shippedOrder,
    requestReturn,
    approve,
    receive,
    refund,
    receivedReturn,
    drainEvents,
  };
}
