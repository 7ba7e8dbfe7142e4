import { type OperationName, operations } from "./contract.ts";
import type {
  Address,
  CardInput,
  CardToken,
  Cart,
  CreatedCart,
  Customer,
  CustomerOrders,
  CustomerSession,
  Device,
  FunnelStep,
  Money,
  OrderStatus,
  PaymentMethods,
  PaymentTerms,
  PayPalOrder,
  PlacedOrder,
  Problem,
  ProductList,
  SavedAddress,
  ShippingChoice,
} from "./types.ts";

/** How the order is paid: a card token, or a bank transfer (nothing to send; paid after placing). */
export type CheckoutPayment =
  | { provider: string; token: string }
  | { provider: "bank_transfer" }
  | { provider: "purchase_order"; purchaseOrderNumber: string };

/** A problem+json answer (or a network failure dressed as one), thrown by every call. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;
  /** Seconds from Retry-After, when the server asked the client to come back. */
  readonly retryAfter: number | undefined;

  constructor(problem: Problem, retryAfter?: number) {
    super(problem.detail);
    this.name = "ApiProblem";
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  /** Field-level messages keyed by the last path segment (`body.postalCode` → `postalCode`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const key = e.field.split(".").pop() ?? e.field;
      out[key] ??= e.message;
    }
    return out;
  }
}

type Params = Record<string, string>;

interface CallOptions {
  params?: Params;
  query?: Record<string, string>;
  body?: unknown;
  cartToken?: string;
  orderToken?: string;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

function urlFor(op: OperationName, params: Params = {}, query?: Record<string, string>): string {
  const path = operations[op].path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${op}`);
    return encodeURIComponent(value);
  });
  return query ? `${path}?${new URLSearchParams(query)}` : path;
}

function headersFor(options: CallOptions, accept: string): Record<string, string> {
  const headers: Record<string, string> = { accept };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.cartToken) headers["x-cart-token"] = options.cartToken;
  if (options.orderToken) headers["x-order-token"] = options.orderToken;
  if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
  return headers;
}

/** The request itself; a network failure becomes an ApiProblem so callers handle one thing. */
async function send(op: OperationName, options: CallOptions, accept: string): Promise<Response> {
  try {
    return await fetch(urlFor(op, options.params, options.query), {
      method: operations[op].method.toUpperCase(),
      headers: headersFor(options, accept),
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    // Offline or the server went away: same shape as any other problem so callers handle one thing.
    throw new ApiProblem({
      type: "about:blank",
      title: "Network error",
      status: 0,
      code: "network_error",
      detail: "We couldn't reach the store. Check your connection and try again.",
    });
  }
}

async function problemFrom(res: Response): Promise<ApiProblem> {
  const text = await res.text();
  const retryAfter = Number(res.headers.get("retry-after") ?? "");
  return new ApiProblem(
    asProblem(text ? safeParse(text) : undefined, res.status),
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

async function call<T>(op: OperationName, options: CallOptions = {}): Promise<T> {
  const res = await send(op, options, "application/json");
  if (!res.ok) throw await problemFrom(res);
  const text = await res.text();
  return (text ? safeParse(text) : undefined) as T;
}

/** For documents (the receipt PDF): the body as a Blob, errors as ApiProblem like every call. */
async function callBlob(op: OperationName, options: CallOptions, accept: string): Promise<Blob> {
  const res = await send(op, options, accept);
  if (!res.ok) throw await problemFrom(res);
  return res.blob();
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asProblem(body: unknown, status: number): Problem {
  if (body && typeof body === "object" && "code" in body && "detail" in body) return body as Problem;
  return {
    type: "about:blank",
    title: "Unexpected response",
    status,
    code: status >= 500 ? "internal_error" : "unexpected_response",
    detail: "Something went wrong on our side. Please try again.",
  };
}

export const api = {
  listProducts: (currency: string, signal?: AbortSignal) =>
    call<ProductList>("listProducts", { query: { currency }, signal }),
  createCart: (currency: string) => call<CreatedCart>("createCart", { body: { currency } }),
  /** A reminder email's link: the cart again, with a new token (the old one stops working). */
  restoreCart: (token: string) => call<CreatedCart>("restoreCart", { body: { token } }),
  unsubscribeReminders: (token: string) => call<unknown>("unsubscribeReminders", { body: { token } }),
  getCart: (cartId: string, cartToken: string) => call<Cart>("getCart", { params: { cartId }, cartToken }),
  addLine: (cartId: string, cartToken: string, variantId: string, quantity: number) =>
    call<Cart>("addLine", { params: { cartId }, cartToken, body: { variantId, quantity } }),
  updateLine: (cartId: string, cartToken: string, lineId: string, quantity: number) =>
    call<Cart>("updateLine", { params: { cartId, lineId }, cartToken, body: { quantity } }),
  removeLine: (cartId: string, cartToken: string, lineId: string) =>
    call<Cart>("removeLine", { params: { cartId, lineId }, cartToken }),
  setContact: (cartId: string, cartToken: string, email: string) =>
    call<Cart>("setContact", { params: { cartId }, cartToken, body: { email } }),
  setShippingAddress: (cartId: string, cartToken: string, address: Address) =>
    call<Cart>("setShippingAddress", { params: { cartId }, cartToken, body: address }),
  listShippingOptions: (cartId: string, cartToken: string) =>
    call<ShippingChoice[]>("listShippingOptions", { params: { cartId }, cartToken }),
  setShippingMethod: (cartId: string, cartToken: string, methodId: string, pickupLocationId?: string) =>
    call<Cart>("setShippingMethod", {
      params: { cartId },
      cartToken,
      body: pickupLocationId ? { methodId, pickupLocationId } : { methodId },
    }),
  /** Refused with 422 `promotion_code_rejected` and a `reason`; a refused code is not kept. */
  addPromotionCode: (cartId: string, cartToken: string, code: string) =>
    call<Cart>("addPromotionCode", { params: { cartId }, cartToken, body: { code } }),
  removePromotionCode: (cartId: string, cartToken: string, code: string) =>
    call<Cart>("removePromotionCode", { params: { cartId, code }, cartToken }),
  /** Replaces any gift card already on the cart. */
  applyGiftCard: (cartId: string, cartToken: string, code: string) =>
    call<Cart>("applyGiftCard", { params: { cartId }, cartToken, body: { code } }),
  removeGiftCard: (cartId: string, cartToken: string) =>
    call<Cart>("removeGiftCard", { params: { cartId }, cartToken }),
  /** Pays and places the order. One idempotency key per attempt; replaying it returns the same answer. */
  completeCheckout: (
    cartId: string,
    cartToken: string,
    idempotencyKey: string,
    payment: CheckoutPayment,
    expectedTotal: Money,
  ) =>
    call<PlacedOrder>("completeCheckout", {
      params: { cartId },
      cartToken,
      idempotencyKey,
      body: { payment, expectedTotal },
    }),
  /** The methods the store accepts; bank transfer shows only when the merchant enabled it. */
  listPaymentMethods: () => call<PaymentMethods>("listPaymentMethods", {}),
  getPaymentTerms: () => call<PaymentTerms>("getPaymentTerms", {}),
  /** Starts a PayPal payment for what the cart owes now; its id completes the cart once approved. */
  createPayPalOrder: (cartId: string, cartToken: string) =>
    call<PayPalOrder>("createPayPalOrder", { params: { cartId }, cartToken }),
  /** The only call that ever carries card data: the test processor's tokenizer. */
  tokenizeCard: (card: CardInput) => call<CardToken>("tokenizeCard", { body: card }),
  /** A wrong token answers 404 like an unknown order, so the two cannot be told apart. */
  getOrderStatus: (orderId: string, orderToken: string, signal?: AbortSignal) =>
    call<OrderStatus>("getOrderStatus", { params: { orderId }, orderToken, signal }),
  /** The receipt as a PDF Blob: the token travels in a header, which a plain link cannot send. */
  getReceipt: (orderId: string, orderToken: string) =>
    callBlob("getReceipt", { params: { orderId }, orderToken }, "application/pdf"),
  /**
   * Accounts use the httpOnly `cw_session` cookie (same origin, so fetch sends it); the guest cart
   * comes along and the answer names the cart to use from then on.
   */
  signIn: (email: string, password: string, cart?: { cartId: string; token: string }) =>
    call<CustomerSession>("signIn", { body: { email, password, cart } }),
  registerCustomer: (email: string, password: string, cart?: { cartId: string; token: string }) =>
    call<CustomerSession>("registerCustomer", { body: { email, password, cart } }),
  signOut: () => call<null>("signOut", {}),
  /** 401 for a guest: the caller treats that as "not signed in". */
  getCustomer: () => call<Customer>("getCustomer", {}),
  listSavedAddresses: () => call<{ addresses: SavedAddress[] }>("listSavedAddresses", {}),
  saveAddress: (address: Address) => call<SavedAddress>("saveAddress", { body: address }),
  listCustomerOrders: (before?: string) =>
    call<CustomerOrders>("listCustomerOrders", before ? { query: { before } } : {}),
  /** One of the signed-in customer's orders (the session cookie opens it); 401 signed out, 404 not theirs. */
  getCustomerOrder: (orderId: string, signal?: AbortSignal) =>
    call<OrderStatus>("getCustomerOrder", { params: { orderId }, signal }),
  /**
   * Fire and forget: analytics must never slow or break the checkout, so failures are swallowed
   * and keepalive lets the report outlive a navigation (the last step before leaving the page).
   */
  reportCheckoutStep: (cartId: string, cartToken: string, step: FunnelStep, device: Device): void => {
    fetch(urlFor("reportCheckoutStep"), {
      method: operations.reportCheckoutStep.method.toUpperCase(),
      headers: headersFor({ cartToken, body: true }, "application/json"),
      body: JSON.stringify({ cartId, step, device }),
      keepalive: true,
    }).catch(() => undefined);
  },
};
