import { fail, ok, type Result } from "../../shared/failure.ts";
import type { FulfillmentStatus, OrderStatus, orderPaymentStatuses } from "./schema.ts";

// The order's state machine, pure. An order stores three facets (lifecycle, payment, fulfilment)
// because they move independently: a purchase-order invoice ships before it is paid, a delivered
// order can be partly refunded. Every write of a facet asks `decideOrderMove` first, and the one
// headline `OrderState` merchants and shoppers see is derived from the facets by `stateRules`,
// which the Admin API's state filter turns into SQL, so list, detail and status page agree.

type PaymentStatus = (typeof orderPaymentStatuses)[number];

/** What the order's row holds; the state is derived from it, never stored. */
export interface OrderFacets {
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  fulfillmentStatus: FulfillmentStatus;
}

/** The headline states, in the order an order usually goes through them. */
export const orderStates = [
  "awaiting_payment",
  "placed",
  "paid",
  "partially_fulfilled",
  "fulfilled",
  "delivered",
  "partially_refunded",
  "refunded",
  "cancelled",
] as const;
export type OrderState = (typeof orderStates)[number];

export interface StateRule {
  state: OrderState;
  /** Facet values the rule needs; a facet left out matches anything. */
  when: {
    status?: readonly OrderStatus[];
    paymentStatus?: readonly PaymentStatus[];
    fulfillmentStatus?: readonly FulfillmentStatus[];
  };
}

/**
 * First matching rule wins. Cancellation outranks everything; money given back outranks the
 * parcel's progress (a refund is the later event); the parcel outranks being paid (an invoice
 * may ship unpaid, and `paymentStatus` still tells). `placed` is an authorized card order.
 */
export const stateRules: readonly StateRule[] = [
  { state: "cancelled", when: { status: ["cancelled"] } },
  { state: "refunded", when: { paymentStatus: ["refunded"] } },
  { state: "partially_refunded", when: { paymentStatus: ["partially_refunded"] } },
  { state: "delivered", when: { fulfillmentStatus: ["delivered"] } },
  { state: "fulfilled", when: { fulfillmentStatus: ["fulfilled"] } },
  { state: "partially_fulfilled", when: { fulfillmentStatus: ["partially_fulfilled"] } },
  { state: "paid", when: { paymentStatus: ["captured"] } },
  { state: "awaiting_payment", when: { paymentStatus: ["awaiting_payment", "partially_paid"] } },
  { state: "placed", when: {} },
];

function matches(rule: StateRule, o: OrderFacets): boolean {
  const w = rule.when;
  return (
    (!w.status || w.status.includes(o.status)) &&
    (!w.paymentStatus || w.paymentStatus.includes(o.paymentStatus)) &&
    (!w.fulfillmentStatus || w.fulfillmentStatus.includes(o.fulfillmentStatus))
  );
}

/** The order's headline state. */
export function orderState(o: OrderFacets): OrderState {
  return stateRules.find((r) => matches(r, o))!.state;
}

/**
 * Payment facts the order follows, as the payments module reports them. Refunds may come from a
 * partly paid invoice; a void releases a hold or an invoice nothing arrived for. Refunded and
 * voided are terminal: a late or repeated report never moves the order back (G9).
 */
export const paymentMoves: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  awaiting_payment: ["partially_paid", "captured", "voided"],
  partially_paid: ["captured", "partially_refunded", "refunded", "voided"],
  authorized: ["captured", "voided"],
  captured: ["partially_refunded", "refunded"],
  partially_refunded: ["refunded"],
  refunded: [],
  voided: [],
};

/** Shipments only add up, and a fulfilled order is delivered when its carriers say so. */
export const fulfillmentMoves: Readonly<Record<FulfillmentStatus, readonly FulfillmentStatus[]>> = {
  unfulfilled: ["partially_fulfilled", "fulfilled"],
  partially_fulfilled: ["fulfilled"],
  fulfilled: ["delivered"],
  delivered: [],
};

export type OrderMove =
  /** Merchant or the overdue sweep. `onlyIfAwaitingPayment`: money that arrived meanwhile wins. */
  | { kind: "cancel"; onlyIfAwaitingPayment?: boolean }
  /** Money received for a bank transfer or invoice (a receipt, a statement line, "mark paid"). */
  | { kind: "receive_payment" }
  /** A new shipment for some of the order's units. */
  | { kind: "ship" }
  /** The payments module changed the order's payment. */
  | { kind: "payment"; to: PaymentStatus }
  /** Shipments reached a new total, or carriers delivered them all. */
  | { kind: "fulfillment"; to: FulfillmentStatus };

/** `next` equal to the current facets: nothing to write (a repeat, or a check-only move). */
export interface MoveDecision {
  next: OrderFacets;
  changed: boolean;
}

/**
 * The one place that decides whether an order may make a move. Refusals carry the stable code
 * the Admin API answers with (409) and the order's state in `meta.orderState`.
 */
export function decideOrderMove(o: OrderFacets, move: OrderMove): Result<MoveDecision> {
  const state = orderState(o);
  const refuse = (code: string, detail: string) =>
    fail<MoveDecision>(code, detail, { meta: { orderState: state } });
  const to = (next: OrderFacets) =>
    ok<MoveDecision>({
      next,
      changed:
        next.status !== o.status ||
        next.paymentStatus !== o.paymentStatus ||
        next.fulfillmentStatus !== o.fulfillmentStatus,
    });
  switch (move.kind) {
    case "cancel":
      if (o.status === "cancelled") return to(o);
      // Shipped units cannot be called back by a cancellation; they come back through a return.
      if (o.fulfillmentStatus !== "unfulfilled")
        return refuse("order_not_cancellable", `The order is ${state}; it can no longer be cancelled.`);
      if (move.onlyIfAwaitingPayment && o.paymentStatus !== "awaiting_payment")
        return refuse("order_not_cancellable", `The order's payment is ${o.paymentStatus} now.`);
      return to({ ...o, status: "cancelled" });
    case "receive_payment":
      if (o.status === "cancelled")
        return refuse("order_cancelled", "The order was cancelled; refund the money instead.");
      return to(o);
    case "ship":
      if (o.status === "cancelled")
        return refuse("order_not_fulfillable", "The order was cancelled; it cannot be shipped.");
      return to(o);
    case "payment":
      if (move.to === o.paymentStatus) return to(o);
      if (!paymentMoves[o.paymentStatus].includes(move.to))
        return refuse(
          "order_transition_refused",
          `The payment cannot go from ${o.paymentStatus} to ${move.to}.`,
        );
      return to({ ...o, paymentStatus: move.to });
    case "fulfillment":
      if (move.to === o.fulfillmentStatus) return to(o);
      if (o.status === "cancelled")
        return refuse("order_not_fulfillable", "The order was cancelled; it cannot be shipped.");
      if (!fulfillmentMoves[o.fulfillmentStatus].includes(move.to))
        return refuse(
          "order_transition_refused",
          `Fulfilment cannot go from ${o.fulfillmentStatus} to ${move.to}.`,
        );
      return to({ ...o, fulfillmentStatus: move.to });
  }
}

/** What a timeline entry records about the headline state: set only when the move changed it. */
export function stateChange(
  before: OrderFacets,
  after: OrderFacets,
): { state?: OrderState; stateFrom?: OrderState } {
  const from = orderState(before);
  const to = orderState(after);
  return from === to ? {} : { state: to, stateFrom: from };
}
