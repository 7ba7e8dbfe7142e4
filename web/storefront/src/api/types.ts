/**
 * The Store API as this storefront uses it. Each type mirrors a schema of /openapi.json;
 * test/browser/api-contract.test.ts checks them against the document so drift fails a test.
 */

/** Integer minor units of `currency` (ISO 4217 exponent: 2 for USD, 0 for JPY, 3 for KWD). */
export interface Money {
  amount: number;
  currency: string;
}

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/** RFC 9457 problem details; extra members (declineReason, total, sku, available…) vary by code. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export interface Variant {
  id: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  /** Null when the variant is not sold in this currency. */
  price: Money | null;
  /** `backorder`: none in stock, orderable now, shipping when stock arrives (expected `expectedOn`). */
  stock: { status: "in_stock" | "backorder" | "out_of_stock"; expectedOn: string | null };
}

export interface Product {
  id: string;
  handle: string;
  title: string;
  description: string;
  variants: Variant[];
}

export interface ProductList {
  currency: string;
  /** Every currency the store sells in, the default first. */
  currencies: string[];
  products: Product[];
}

export interface Address {
  firstName: string;
  lastName: string;
  company?: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
  phone?: string;
}

export interface ShippingOption {
  id: string;
  code: string;
  name: string;
  price: Money;
  minTransitDays: number;
  maxTransitDays: number;
}

/** A store a pickup method's orders are collected from, and the first day one placed now is ready. */
export interface PickupLocation {
  id: string;
  name: string;
  address: {
    line1: string;
    line2?: string;
    city: string;
    region?: string;
    postalCode: string;
    country: string;
  };
  readyFrom: string | null;
}

/** A shipping option as listed for the cart: delivered, or collected at one of its locations. */
export interface ShippingChoice extends ShippingOption {
  kind: "delivery" | "pickup";
  pickupLocations: PickupLocation[];
}

/** How far the cart is from the lowest free-shipping threshold (after discounts). */
export interface FreeShippingProgress {
  threshold: Money;
  amountLeft: Money;
  method: { id: string; code: string; name: string };
}

export interface CartLine {
  id: string;
  variantId: string;
  sku: string;
  title: string;
  quantity: number;
  unitPrice: Money;
  subtotal: Money;
  /** The line's share of the discounts (net of tax); zero when no promotion touches it. */
  discount: Money;
  /** What the line costs: subtotal − discount + tax. */
  total: Money;
  available: number;
  /** Units of the line beyond stock, sold on backorder, and when they are expected. */
  backorder: { quantity: number; expectedOn: string | null } | null;
}

export interface Totals {
  subtotal: Money;
  discountTotal: Money;
  shippingTotal: Money;
  taxTotal: Money;
  total: Money;
}

export type CheckoutStep = "email" | "shipping_address" | "shipping_method";

/**
 * What changed since the cart was last read; the shopper must be told. Codes today:
 * `unavailable` (lineId, sku), `insufficient_stock` (lineId, sku, requested, available),
 * `backordered` (lineId, sku, quantity, expectedOn), `shipping_method_unavailable`
 * (shippingMethodId). The API may add codes, so it stays open.
 */
export interface CartIssue {
  code: string;
  lineId?: string;
  sku?: string;
  requested?: number;
  available?: number;
  quantity?: number;
  expectedOn?: string | null;
  shippingMethodId?: string;
  /** price_changed: the unit price the shopper last saw, and today's. */
  previous?: Money;
  current?: Money;
}

/** Why a code does not apply; the API may add reasons, so unknown ones get a generic message. */
export type PromotionRejection =
  | "not_found"
  | "expired"
  | "not_started"
  | "minimum_not_met"
  | "currency_mismatch"
  | "customer_not_eligible"
  | "usage_limit_reached"
  | "not_combinable"
  | "not_applicable"
  | "duplicate"
  | "too_many_codes"
  | (string & {});

export interface AppliedPromotion {
  promotionId: string;
  /** Null for automatic promotions: the shopper cannot remove those. */
  code: string | null;
  label: string;
  kind: string;
  /** Everything this promotion takes off, shipping included. */
  amount: Money;
  /** The part of `amount` taken off shipping. */
  shipping: Money;
  lines: { lineId: string; amount: Money }[];
}

export interface RejectedPromotionCode {
  code: string;
  reason: PromotionRejection;
}

export interface CartPromotions {
  codes: string[];
  applied: AppliedPromotion[];
  /** Codes the shopper entered that no longer apply (the cart changed, the promotion ended…). */
  rejected: RejectedPromotionCode[];
}

/** A gift card is tender, not a discount: it pays part of the total and leaves `amountDue`. */
export interface CartGiftCard {
  id: string;
  /** The last characters of the code, the only part ever shown again. */
  codeHint: string;
  balance: Money;
  applied: Money;
}

export interface Cart {
  id: string;
  currency: string;
  status: "open" | "completing" | "completed";
  version: number;
  email: string | null;
  shippingAddress: Address | null;
  shippingMethod: ShippingOption | null;
  /** Set when the shopper collects the order at a store (pickup method). */
  pickupLocation: PickupLocation | null;
  /** Null when no shipping method ships free to the cart's destination. */
  freeShipping: FreeShippingProgress | null;
  lines: CartLine[];
  issues: CartIssue[];
  missing: CheckoutStep[];
  totals: Totals;
  promotions: CartPromotions;
  giftCard: CartGiftCard | null;
  /** What the payment method will be charged: total − gift card. */
  amountDue: Money;
  /** Unit prices contain tax (EU, UK, JP, AU…); subtotals and totals are net of tax either way. */
  pricesIncludeTax: boolean;
  tax: CartTax;
  /** Related products not in the cart yet, in stock and priced in the cart's currency. */
  suggestions: CartSuggestion[];
}

export interface CartTaxLine {
  jurisdiction: string;
  name: string;
  ratePpm: number;
  amount: Money;
}

export interface CartTax {
  /** Adds up to totals.taxTotal. */
  breakdown: CartTaxLine[];
  /** Tax on shipping, part of taxTotal. */
  shipping: Money;
  /** No address yet: taxed for the seller's country. */
  provisional: boolean;
}

export interface CartSuggestion {
  productId: string;
  variantId: string;
  sku: string;
  title: string;
  image: string | null;
  kind: "accessory" | "frequently_bought_together";
  unitPrice: Money;
}

export interface Customer {
  id: string;
  email: string;
  emailVerified: boolean;
  createdAt: string;
}

/** Signing in or registering: the cookie is set too; `cart` is the cart to use from now on. */
export interface CustomerSession {
  customer: Customer;
  token: string;
  expiresAt: string;
  cart: { cartId: string; token: string } | null;
}

export interface SavedAddress {
  id: string;
  address: Address;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerOrders {
  orders: OrderStatus[];
  next: string | null;
}

export interface CreatedCart {
  token: string;
  cart: Cart;
}

export interface OrderLine {
  sku: string;
  title: string;
  quantity: number;
  unitPrice: Money;
  /** Net of tax, before discount. */
  subtotal: Money;
  /** Net of tax. */
  discount: Money;
  tax: Money;
}

/** How an order was taxed when placed. */
export interface OrderTax {
  pricesIncludeTax: boolean;
  breakdown: CartTaxLine[];
}

export interface OrderPromotion {
  promotionId: string;
  code: string | null;
  label: string;
  amount: Money;
  shipping: Money;
}

export interface OrderGiftCard {
  codeHint: string;
  amount: Money;
}

export interface Order {
  id: string;
  number: string;
  status: "placed" | "cancelled";
  paymentStatus: OrderPaymentStatus;
  email: string;
  currency: string;
  lines: OrderLine[];
  shippingAddress: Record<string, unknown>;
  /** `price` is the shelf price; `tax` the tax on shipping, part of taxTotal. */
  shipping: Omit<ShippingOption, "id"> & { tax: Money };
  /** Null for orders placed before tax existed. */
  tax: OrderTax | null;
  payment: {
    provider: string;
    brand: string | null;
    last4: string | null;
    /** Bank transfer and purchase order: what to pay, where, with which reference, by when. */
    instructions?: PaymentInstructions;
  };
  promotions: OrderPromotion[];
  giftCard: OrderGiftCard | null;
  /** What the payment provider was asked for: total − gift card. */
  amountCharged: Money;
  totals: Totals;
  timeline: { type: string; actor: string; at: string }[];
  placedAt: string;
}

/** The completion response: the order plus, from the response that placed it, the shopper's key to it. */
export interface PlacedOrder extends Order {
  /** Opens the order status page (`x-order-token`); absent on servers that do not issue it. */
  accessToken?: string;
}

export interface OrderStatusLine {
  sku: string;
  title: string;
  quantity: number;
  unitPrice: Money;
  /** Net of tax, before discount. */
  subtotal: Money;
  /** Net of tax. */
  discount: Money;
  tax: Money;
  /** subtotal − discount + tax. */
  total: Money;
}

/**
 * What the order status page reads. No address or email: the link may be forwarded, so the API
 * leaves them out. Timeline types today: `placed`, `payment_<status>`, `fulfillment_<status>`,
 * `cancelled`; the API may add more, so the type stays open.
 */
export interface OrderStatus {
  id: string;
  number: string;
  status: "placed" | "cancelled";
  paymentStatus: "authorized" | "captured" | "partially_refunded" | "refunded" | "voided";
  placedAt: string;
  timeline: { type: string; at: string }[];
  lines: OrderStatusLine[];
  promotions: { label: string; amount: Money }[];
  shipping: {
    name: string;
    price: Money;
    /** Tax on shipping, part of taxTotal. */
    tax: Money;
    /** ISO dates promised at placement; null for orders placed before estimates existed. */
    estimate: { earliest: string; latest: string } | null;
  };
  payment: { brand: string | null; last4: string | null };
  /** Shelf prices included tax where the order shipped; false for orders before tax existed. */
  pricesIncludeTax: boolean;
  tax: { breakdown: CartTaxLine[] };
  totals: Totals;
}

/** Checkout funnel steps the storefront reports, in order. */
export type FunnelStep = "cart_viewed" | "checkout_started" | "contact" | "address" | "shipping" | "payment";

export type Device = "mobile" | "tablet" | "desktop";

/** Card data goes to the test tokenizer only; the rest of the API sees the token. */
export interface CardInput {
  cardNumber: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export type OrderPaymentStatus =
  | "awaiting_payment"
  | "partially_paid"
  | "authorized"
  | "captured"
  | "partially_refunded"
  | "refunded"
  | "voided";

export interface PaymentInstructions {
  /** ISO 11649 creditor reference (RF…) to quote with the transfer. */
  reference: string;
  amount: Money;
  /** ISO date. */
  dueOn: string;
  payTo: { iban: string; bic: string; accountName: string } | null;
  purchaseOrderNumber: string | null;
  netDays: number | null;
}

export type PaymentMethodKind = "card" | "bank_transfer" | "purchase_order";

export interface PaymentMethods {
  methods: {
    provider: string;
    kind: PaymentMethodKind;
    /** Stripe: the key Stripe.js and its Payment Element run with. */
    publishableKey?: string;
    /** PayPal: the client id its JS SDK button loads with. */
    clientId?: string;
  }[];
}

/** A signed-in business account's terms: whether it may pay by purchase order, and its credit. */
export interface PaymentTerms {
  purchaseOrders: boolean;
  /** Invoices fall due this many days after the order. */
  netDays: number;
  credit: { creditLimit: Money; used: Money; available: Money }[];
}

/** A PayPal order started for the cart: the shopper approves it in PayPal's window. */
export interface PayPalOrder {
  id: string;
  approveUrl: string | null;
  amount: Money;
}

export interface CardToken {
  token: string;
  brand: string;
  last4: string;
}
