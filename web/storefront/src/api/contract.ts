import type {
  Address,
  AppliedPromotion,
  CardToken,
  Cart,
  CartGiftCard,
  CartLine,
  CartPromotions,
  CreatedCart,
  FieldError,
  Money,
  Order,
  OrderGiftCard,
  OrderLine,
  OrderPromotion,
  Problem,
  Product,
  ProductList,
  RejectedPromotionCode,
  ShippingOption,
  Totals,
  Variant,
} from "./types.ts";

/**
 * Every operation and schema field the storefront relies on, as data, so a test can hold them
 * against /openapi.json. Kept free of DOM types: the root tsconfig compiles it for that test.
 */
export const operations = {
  listProducts: { method: "get", path: "/store/products" },
  createCart: { method: "post", path: "/store/carts" },
  getCart: { method: "get", path: "/store/carts/{cartId}" },
  addLine: { method: "post", path: "/store/carts/{cartId}/lines" },
  updateLine: { method: "patch", path: "/store/carts/{cartId}/lines/{lineId}" },
  removeLine: { method: "delete", path: "/store/carts/{cartId}/lines/{lineId}" },
  setContact: { method: "put", path: "/store/carts/{cartId}/contact" },
  setShippingAddress: { method: "put", path: "/store/carts/{cartId}/shipping-address" },
  listShippingOptions: { method: "get", path: "/store/carts/{cartId}/shipping-options" },
  setShippingMethod: { method: "put", path: "/store/carts/{cartId}/shipping-method" },
  addPromotionCode: { method: "post", path: "/store/carts/{cartId}/promotion-codes" },
  removePromotionCode: { method: "delete", path: "/store/carts/{cartId}/promotion-codes/{code}" },
  applyGiftCard: { method: "put", path: "/store/carts/{cartId}/gift-card" },
  removeGiftCard: { method: "delete", path: "/store/carts/{cartId}/gift-card" },
  completeCheckout: { method: "post", path: "/store/carts/{cartId}/complete" },
  tokenizeCard: { method: "post", path: "/store/payments/test/tokens" },
} as const;

export type OperationName = keyof typeof operations;

/** Operations whose server side may not be merged yet: the client degrades when they 404. */
export const pendingOperations: readonly OperationName[] = ["tokenizeCard"];

/** Drops index signatures so only named members must be listed. */
type Known<T> = { [K in keyof T as string extends K ? never : K]-?: true };

/** Every member of T, checked by the compiler: adding a field to a type without listing it fails. */
const all = <T>(keys: Known<T>): string[] => Object.keys(keys);

/** Schema name in components.schemas (or an inline response) → the members the client reads. */
export const schemaFields = {
  Money: all<Money>({ amount: true, currency: true }),
  Problem: all<Problem>({
    type: true,
    title: true,
    status: true,
    code: true,
    detail: true,
    instance: true,
    errors: true,
  }),
  FieldError: all<FieldError>({ field: true, code: true, message: true }),
  Product: all<Product>({ id: true, handle: true, title: true, description: true, variants: true }),
  Variant: all<Variant>({ id: true, sku: true, title: true, options: true, price: true }),
  ProductList: all<ProductList>({ currency: true, products: true }),
  Address: all<Address>({
    firstName: true,
    lastName: true,
    company: true,
    line1: true,
    line2: true,
    city: true,
    region: true,
    postalCode: true,
    country: true,
    phone: true,
  }),
  Cart: all<Cart>({
    id: true,
    currency: true,
    status: true,
    version: true,
    email: true,
    shippingAddress: true,
    shippingMethod: true,
    lines: true,
    issues: true,
    missing: true,
    totals: true,
    promotions: true,
    giftCard: true,
    amountDue: true,
  }),
  CartLine: all<CartLine>({
    id: true,
    variantId: true,
    sku: true,
    title: true,
    quantity: true,
    unitPrice: true,
    subtotal: true,
    discount: true,
    available: true,
  }),
  Totals: all<Totals>({
    subtotal: true,
    discountTotal: true,
    shippingTotal: true,
    taxTotal: true,
    total: true,
  }),
  CartPromotions: all<CartPromotions>({ codes: true, applied: true, rejected: true }),
  AppliedPromotion: all<AppliedPromotion>({
    promotionId: true,
    code: true,
    label: true,
    kind: true,
    amount: true,
    shipping: true,
    lines: true,
  }),
  RejectedPromotionCode: all<RejectedPromotionCode>({ code: true, reason: true }),
  CartGiftCard: all<CartGiftCard>({ id: true, codeHint: true, balance: true, applied: true }),
  CreatedCart: all<CreatedCart>({ token: true, cart: true }),
  ShippingOption: all<ShippingOption>({
    id: true,
    code: true,
    name: true,
    price: true,
    minTransitDays: true,
    maxTransitDays: true,
  }),
  Order: all<Order>({
    id: true,
    number: true,
    status: true,
    paymentStatus: true,
    email: true,
    currency: true,
    lines: true,
    shippingAddress: true,
    shipping: true,
    payment: true,
    promotions: true,
    giftCard: true,
    amountCharged: true,
    totals: true,
    timeline: true,
    placedAt: true,
  }),
  OrderLine: all<OrderLine>({
    sku: true,
    title: true,
    quantity: true,
    unitPrice: true,
    subtotal: true,
    discount: true,
  }),
  OrderPromotion: all<OrderPromotion>({
    promotionId: true,
    code: true,
    label: true,
    amount: true,
    shipping: true,
  }),
  OrderGiftCard: all<OrderGiftCard>({ codeHint: true, amount: true }),
  CardToken: all<CardToken>({ token: true, brand: true, last4: true }),
};

/** Request bodies the client sends: operation → fields, each must exist in the request schema. */
export const requestFields: Partial<Record<OperationName, string[]>> = {
  createCart: ["currency"],
  addLine: ["variantId", "quantity"],
  updateLine: ["quantity"],
  setContact: ["email"],
  setShippingAddress: schemaFields.Address,
  setShippingMethod: ["methodId"],
  addPromotionCode: ["code"],
  applyGiftCard: ["code"],
  completeCheckout: ["payment", "expectedTotal"],
  tokenizeCard: ["cardNumber", "expMonth", "expYear", "cvc"],
};

/** Headers the client sends per operation (besides content-type). */
export const requestHeaders: Partial<Record<OperationName, string[]>> = {
  getCart: ["x-cart-token"],
  addLine: ["x-cart-token"],
  updateLine: ["x-cart-token"],
  removeLine: ["x-cart-token"],
  setContact: ["x-cart-token"],
  setShippingAddress: ["x-cart-token"],
  listShippingOptions: ["x-cart-token"],
  setShippingMethod: ["x-cart-token"],
  addPromotionCode: ["x-cart-token"],
  removePromotionCode: ["x-cart-token"],
  applyGiftCard: ["x-cart-token"],
  removeGiftCard: ["x-cart-token"],
  completeCheckout: ["x-cart-token", "idempotency-key"],
};
