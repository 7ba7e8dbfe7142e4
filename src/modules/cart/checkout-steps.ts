import type { CartIssue, CheckoutStep } from "./price-cart.ts";

export type CheckoutStepName =
  | "contact"
  | "shipping_address"
  | "shipping_method"
  | "payment_method"
  | "review";

export interface CheckoutStepReport {
  step: CheckoutStepName;
  /** `not_needed`: nothing to do for this cart (address for store pickup, payment when nothing is due). */
  status: "done" | "missing" | "not_needed";
}

/** Issues the shopper has to act on (or acknowledge) before placing the order. */
const blocking = new Set<CartIssue["code"]>([
  "unavailable",
  "insufficient_stock",
  "price_changed",
  "shipping_method_unavailable",
  "gift_card_unusable",
]);

/**
 * Where the shopper stands: contact → shipping address → shipping method → payment method →
 * review, each done, missing or not needed. `missing` (the steps completion requires) is kept
 * beside it for older clients. Review is done once every step before it is settled, the cart has
 * lines and no issue waits for the shopper; completing the cart is what places the order.
 */
export function reportCheckoutSteps(cart: {
  lineCount: number;
  missing: readonly CheckoutStep[];
  pickup: boolean;
  paymentProvider: string | null;
  amountDue: number;
  issues: readonly CartIssue[];
}): CheckoutStepReport[] {
  const done = (ok: boolean) => (ok ? "done" : "missing");
  const steps: CheckoutStepReport[] = [
    { step: "contact", status: done(!cart.missing.includes("email")) },
    {
      step: "shipping_address",
      status: cart.pickup ? "not_needed" : done(!cart.missing.includes("shipping_address")),
    },
    { step: "shipping_method", status: done(!cart.missing.includes("shipping_method")) },
    {
      step: "payment_method",
      // A gift card (or a free order) pays everything: there is nothing to choose.
      status: cart.lineCount > 0 && cart.amountDue === 0 ? "not_needed" : done(cart.paymentProvider !== null),
    },
  ];
  const ready =
    cart.lineCount > 0 &&
    steps.every((s) => s.status !== "missing") &&
    !cart.issues.some((i) => blocking.has(i.code));
  return [...steps, { step: "review", status: done(ready) }];
}
