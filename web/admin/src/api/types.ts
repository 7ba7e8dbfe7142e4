/** The Admin API's JSON shapes the merchant center reads (see /openapi.json for the full contract). */
export interface Money {
  amount: number;
  currency: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; code: string; message: string }[];
}

export type OrderStatus = "placed" | "cancelled";
/** The order's headline state, derived by the server from its three facets (status, payment, fulfilment). */
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
export type PaymentStatus =
  | "awaiting_payment"
  | "partially_paid"
  | "authorized"
  | "captured"
  | "partially_refunded"
  | "refunded"
  | "voided";
export type FulfillmentStatus = "unfulfilled" | "partially_fulfilled" | "fulfilled" | "delivered";

export interface Address {
  firstName?: string;
  lastName?: string;
  company?: string;
  line1?: string;
  line2?: string;
  city?: string;
  region?: string;
  postalCode?: string;
  country?: string;
  phone?: string;
}

export interface OrderLine {
  sku: string;
  title: string;
  quantity: number;
  unitPrice: Money;
  subtotal: Money;
  discount: Money;
  tax: Money;
}

export interface Order {
  id: string;
  number: string;
  state: OrderState;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  fulfillmentStatus: FulfillmentStatus;
  email: string;
  currency: string;
  lines: OrderLine[];
  shippingAddress: Address;
  billingAddress: Address | null;
  shipping: {
    code: string;
    name: string;
    price: Money;
    estimate: { earliest: string; latest: string } | null;
  };
  promotions: { promotionId: string; code: string | null; label: string; amount: Money; shipping: Money }[];
  payment: { provider: string; brand: string | null; last4: string | null };
  giftCard: { codeHint: string; amount: Money } | null;
  amountCharged: Money;
  totals: { subtotal: Money; discountTotal: Money; shippingTotal: Money; taxTotal: Money; total: Money };
  /** `state`: the order's state after the entry, when the entry changed it. */
  timeline: { type: string; actor: string; at: string; state: OrderState | null }[];
  placedAt: string;
}

export interface OrderPage {
  orders: Order[];
  next: string | null;
}

export interface Payment {
  id: string;
  provider: string;
  status: PaymentStatus | "failed";
  authorized: Money;
  captured: Money;
  refunded: Money;
  brand: string | null;
  last4: string | null;
  transactions: { id: string; kind: string; outcome: string; amount: Money; at: string }[];
  refunds: { id: string; amount: Money; reason: string; status: string; at: string }[];
  /** Money received for a bank transfer or purchase-order invoice. */
  receipts: {
    id: string;
    source: "manual" | "statement";
    amount: Money;
    applied: Money;
    overpaid: Money;
    /** ISO date (no time) the money arrived. */
    receivedOn: string;
    reference: string | null;
    at: string;
  }[];
}

/** The answer to marking an offline payment (partly) paid. */
export interface PaymentReceipt {
  orderId: string;
  paymentStatus: PaymentStatus;
  applied: Money;
  overpaid: Money;
  received: Money;
  outstanding: Money;
  duplicate: boolean;
}

export type ShipmentStatus =
  | "pending"
  | "labelled"
  | "shipped"
  | "in_transit"
  | "out_for_delivery"
  | "delivered"
  | "exception";

export interface Shipment {
  id: string;
  orderId: string;
  status: ShipmentStatus;
  carrier: string;
  service: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  hasLabel: boolean;
  lines: { sku: string; quantity: number }[];
  createdAt: string;
  labelledAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
}

export interface StockLevel {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
  backordered?: number;
  low?: boolean;
  reorderPoint?: number | null;
  locations?: { locationId: string; code: string; onHand: number; reserved: number; available: number }[];
}

export type ReturnStatus = "requested" | "approved" | "received" | "refunded" | "rejected" | "cancelled";

export interface Return {
  id: string;
  number: string;
  orderId: string;
  orderNumber: string;
  status: ReturnStatus;
  reason: string;
  note: string | null;
  rejectionReason: string | null;
  lines: {
    sku: string;
    title: string;
    quantity: number;
    receivedQuantity: number | null;
    disposition: "restock" | "write_off" | null;
  }[];
  label: { carrier: string; trackingNumber: string; trackingUrl: string | null } | null;
  refund: {
    id: string;
    method: string;
    status: string;
    amount: Money;
    includesShipping: boolean;
    creditNoteNumber: string | null;
    failureReason: string | null;
  } | null;
  transitions: { from: string | null; to: string; actor: string; at: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[] | null;
  enabled: boolean;
  disabledReason: "manual" | "failing" | null;
  secretHint: string;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastResponseStatus: number | null;
  lastDurationMs: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export const adjustmentReasons = ["received", "adjusted", "returned", "damaged", "count"] as const;
export type AdjustmentReason = (typeof adjustmentReasons)[number];

export interface Promotion {
  id: string;
  label: string;
  status: "active" | "disabled";
  automatic: boolean;
  codes: string[];
  priority: number;
  stacking: "exclusive" | "combinable";
  effect: { kind: string; ratePpm?: number; amounts?: Record<string, number> };
  startsAt: string | null;
  endsAt: string | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  used: number;
  createdAt: string;
}

export interface GiftCard {
  id: string;
  kind: "gift_card" | "store_credit";
  codeHint: string;
  initialAmount: Money;
  balance: Money;
  status: "active" | "disabled";
  expiresAt: string | null;
  note: string | null;
  createdAt: string;
  code?: string;
  ledger?: { id: string; kind: string; amount: Money; reference: string; createdAt: string }[];
}

export type EmailStatus = "pending" | "sent" | "dead";

export interface Email {
  id: string;
  kind: string;
  orderId: string | null;
  shipmentId: string | null;
  recipient: string;
  subject: string;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface AnalyticsSummary {
  checkoutsStarted: number;
  orders: number;
  completionRate: number | null;
  checkoutDuration: { averageSeconds: number | null; medianSeconds: number | null };
  gateways: {
    provider: string;
    method: string;
    attempts: number;
    authorized: number;
    failed: number;
    successRatio: number;
    declineReasons: { reason: string; count: number }[];
  }[];
  orderValue: { currency: string; orders: number; revenue: number; average: number }[];
  promotions: {
    ordersWithPromotion: number;
    codes: { code: string; orders: number }[];
    discounts: Money[];
  };
  recovery: {
    abandonedCarts: number;
    remindersSent: number;
    remindedCarts: number;
    recoveredCarts: number;
    conversionRate: number | null;
    abandonedValue: Money[];
    recoveredRevenue: Money[];
  };
}

export interface AnalyticsFunnel {
  steps: { step: string; count: number; dropOff: number; dropOffRate: number | null }[];
  reasons: { category: string; code: string; reason: string | null; count: number }[];
}

export interface AnalyticsPeakHours {
  cells: { weekday: number; hour: number; orders: number; revenue: Money[] }[];
}

export interface MethodShare {
  method: string;
  orders: number;
  share: number;
}

export interface AnalyticsPaymentMethods {
  days: { date: string; orders: number; methods: MethodShare[] }[];
  segments: {
    dimension: "customer" | "device" | "country";
    segment: string;
    orders: number;
    methods: MethodShare[];
  }[];
}
