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

export interface CartLine {
  id: string;
  variantId: string;
  sku: string;
  title: string;
  quantity: number;
  unitPrice: Money;
  subtotal: Money;
  available: number;
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
 * `shipping_method_unavailable` (shippingMethodId). The API may add codes, so it stays open.
 */
export interface CartIssue {
  code: string;
  lineId?: string;
  sku?: string;
  requested?: number;
  available?: number;
  shippingMethodId?: string;
}

export interface Cart {
  id: string;
  currency: string;
  status: "open" | "completing" | "completed";
  version: number;
  email: string | null;
  shippingAddress: Address | null;
  shippingMethod: ShippingOption | null;
  lines: CartLine[];
  issues: CartIssue[];
  missing: CheckoutStep[];
  totals: Totals;
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
  subtotal: Money;
}

export interface Order {
  id: string;
  number: string;
  status: "placed" | "cancelled";
  paymentStatus: "authorized" | "captured" | "voided" | "refunded";
  email: string;
  currency: string;
  lines: OrderLine[];
  shippingAddress: Record<string, unknown>;
  shipping: Omit<ShippingOption, "id">;
  payment: { provider: string; brand: string | null; last4: string | null };
  totals: Totals;
  timeline: { type: string; actor: string; at: string }[];
  placedAt: string;
}

/** Card data goes to the test tokenizer only; the rest of the API sees the token. */
export interface CardInput {
  cardNumber: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export interface CardToken {
  token: string;
  brand: string;
  last4: string;
}
