import { describe, expect, it } from "vitest";
import {
  decideOrderMove,
  type OrderFacets,
  type OrderMove,
  type OrderState,
  orderState,
} from "./order-state.ts";
import { type FulfillmentStatus, type OrderStatus, orderPaymentStatuses } from "./schema.ts";

type Payment = (typeof orderPaymentStatuses)[number];
const lifecycles: OrderStatus[] = ["placed", "cancelled"];
const payments: Payment[] = [...orderPaymentStatuses];
const fulfilments: FulfillmentStatus[] = ["unfulfilled", "partially_fulfilled", "fulfilled", "delivered"];

/** Every combination of facets a row can hold, reachable or not: the machine must answer for all. */
const everyOrder: OrderFacets[] = lifecycles.flatMap((status) =>
  payments.flatMap((paymentStatus) =>
    fulfilments.map((fulfillmentStatus) => ({ status, paymentStatus, fulfillmentStatus })),
  ),
);
const name = (o: OrderFacets) => `${o.status}/${o.paymentStatus}/${o.fulfillmentStatus}`;

// The expected tables, written out by hand rather than read from the implementation.
const allowedPayment: Record<Payment, Payment[]> = {
  awaiting_payment: ["partially_paid", "captured", "voided"],
  partially_paid: ["captured", "partially_refunded", "refunded", "voided"],
  authorized: ["captured", "voided"],
  captured: ["partially_refunded", "refunded"],
  partially_refunded: ["refunded"],
  refunded: [],
  voided: [],
};
const allowedFulfilment: Record<FulfillmentStatus, FulfillmentStatus[]> = {
  unfulfilled: ["partially_fulfilled", "fulfilled"],
  partially_fulfilled: ["fulfilled"],
  fulfilled: ["delivered"],
  delivered: [],
};

describe("the order's state", () => {
  it.each([
    ["placed", "awaiting_payment", "unfulfilled", "awaiting_payment"],
    ["placed", "partially_paid", "unfulfilled", "awaiting_payment"],
    ["placed", "authorized", "unfulfilled", "placed"],
    ["placed", "captured", "unfulfilled", "paid"],
    ["placed", "captured", "partially_fulfilled", "partially_fulfilled"],
    ["placed", "authorized", "fulfilled", "fulfilled"],
    ["placed", "awaiting_payment", "fulfilled", "fulfilled"],
    ["placed", "captured", "delivered", "delivered"],
    ["placed", "partially_refunded", "delivered", "partially_refunded"],
    ["placed", "partially_refunded", "unfulfilled", "partially_refunded"],
    ["placed", "refunded", "delivered", "refunded"],
    ["cancelled", "voided", "unfulfilled", "cancelled"],
    ["cancelled", "refunded", "unfulfilled", "cancelled"],
    ["cancelled", "captured", "unfulfilled", "cancelled"],
  ] as const)("is derived from %s / %s / %s as %s", (status, paymentStatus, fulfillmentStatus, state) => {
    expect(orderState({ status, paymentStatus, fulfillmentStatus })).toBe(state);
  });

  it("gives every combination of facets exactly one state", () => {
    const states = new Set<OrderState>(everyOrder.map(orderState));
    expect([...states].sort()).toEqual(
      [
        "awaiting_payment",
        "placed",
        "paid",
        "partially_fulfilled",
        "fulfilled",
        "delivered",
        "partially_refunded",
        "refunded",
        "cancelled",
      ].sort(),
    );
  });
});

describe("payment moves", () => {
  for (const order of everyOrder) {
    it(`follows only the allowed payment changes from ${name(order)}`, () => {
      for (const to of payments) {
        const decided = decideOrderMove(order, { kind: "payment", to });
        if (to === order.paymentStatus) {
          expect(decided).toEqual({ ok: true, value: { next: order, changed: false } });
        } else if (allowedPayment[order.paymentStatus].includes(to)) {
          expect(decided).toEqual({
            ok: true,
            value: { next: { ...order, paymentStatus: to }, changed: true },
          });
        } else {
          expect(decided.ok ? "allowed" : decided.failure.code, `${order.paymentStatus} → ${to}`).toBe(
            "order_transition_refused",
          );
        }
      }
    });
  }
});

describe("fulfilment moves", () => {
  for (const order of everyOrder) {
    it(`allows only forward fulfilment of a placed order from ${name(order)}`, () => {
      for (const to of fulfilments) {
        const decided = decideOrderMove(order, { kind: "fulfillment", to });
        if (to === order.fulfillmentStatus) {
          expect(decided).toEqual({ ok: true, value: { next: order, changed: false } });
        } else if (order.status === "cancelled") {
          expect(decided.ok ? "allowed" : decided.failure.code).toBe("order_not_fulfillable");
        } else if (allowedFulfilment[order.fulfillmentStatus].includes(to)) {
          expect(decided).toEqual({
            ok: true,
            value: { next: { ...order, fulfillmentStatus: to }, changed: true },
          });
        } else {
          expect(decided.ok ? "allowed" : decided.failure.code, `${order.fulfillmentStatus} → ${to}`).toBe(
            "order_transition_refused",
          );
        }
      }
    });
  }
});

describe("commands", () => {
  const outcome = (order: OrderFacets, move: OrderMove) => {
    const decided = decideOrderMove(order, move);
    if (!decided.ok) return decided.failure.code;
    return decided.value.changed ? "applied" : "unchanged";
  };

  it.each(everyOrder.map((o) => [name(o), o] as const))(
    "cancels %s only before anything shipped",
    (_, order) => {
      const expected =
        order.status === "cancelled"
          ? "unchanged"
          : order.fulfillmentStatus === "unfulfilled"
            ? "applied"
            : "order_not_cancellable";
      expect(outcome(order, { kind: "cancel" })).toBe(expected);
      if (expected === "applied")
        expect(decideOrderMove(order, { kind: "cancel" })).toMatchObject({
          value: { next: { ...order, status: "cancelled" } },
        });
    },
  );

  it.each(everyOrder.map((o) => [name(o), o] as const))(
    "lets the overdue sweep cancel %s only while it awaits payment",
    (_, order) => {
      const expected =
        order.status === "cancelled"
          ? "unchanged"
          : order.fulfillmentStatus === "unfulfilled" && order.paymentStatus === "awaiting_payment"
            ? "applied"
            : "order_not_cancellable";
      expect(outcome(order, { kind: "cancel", onlyIfAwaitingPayment: true })).toBe(expected);
    },
  );

  it.each(everyOrder.map((o) => [name(o), o] as const))(
    "takes money and ships units for %s only while it is not cancelled",
    (_, order) => {
      const cancelled = order.status === "cancelled";
      expect(outcome(order, { kind: "receive_payment" })).toBe(cancelled ? "order_cancelled" : "unchanged");
      expect(outcome(order, { kind: "ship" })).toBe(cancelled ? "order_not_fulfillable" : "unchanged");
    },
  );

  it("says the order's state in every refusal", () => {
    const shipped: OrderFacets = {
      status: "placed",
      paymentStatus: "captured",
      fulfillmentStatus: "fulfilled",
    };
    expect(decideOrderMove(shipped, { kind: "cancel" })).toMatchObject({
      ok: false,
      failure: { code: "order_not_cancellable", meta: { orderState: "fulfilled" } },
    });
    const refunded: OrderFacets = {
      status: "placed",
      paymentStatus: "refunded",
      fulfillmentStatus: "delivered",
    };
    expect(decideOrderMove(refunded, { kind: "payment", to: "captured" })).toMatchObject({
      ok: false,
      failure: { code: "order_transition_refused", meta: { orderState: "refunded" } },
    });
  });
});
