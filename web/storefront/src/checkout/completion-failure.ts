import { ApiProblem } from "../api/client.ts";
import type { Cart, Money } from "../api/types.ts";
import { giftCardErrorMessage } from "../components/discount-messages.ts";
import { formatMoney } from "../money.ts";
import { declineMessage } from "./messages.ts";
import type { Banner } from "./place-order-panel.tsx";
import type { CardField, Errors } from "./validation.ts";

/** What the checkout page lets a failed completion change on screen. */
export interface FailureView {
  refresh(): Promise<Cart | null>;
  showBanner(banner: Banner): void;
  setCardErrors(errors: Errors<CardField>): void;
  setEmailError(message: string): void;
  setShippingError(message: string): void;
  /** The total moved: the button asks to confirm this one. */
  setNewTotal(total: Money): void;
  /** Fits short lines to the stock left and says so. */
  resolveStock(cart: Cart, shortages: { sku: string; available: number }[]): Promise<boolean>;
}

/**
 * Tells the shopper why the order was not placed, by the API's problem code, and re-reads the cart
 * where the answer depends on it (a new total, stock, a gift card). `expected` is the total the
 * shopper agreed to.
 */
export async function explainCompletionFailure(error: unknown, expected: Money, view: FailureView) {
  if (!(error instanceof ApiProblem)) {
    view.showBanner({
      tone: "error",
      title: "Something went wrong",
      body: "Your order was not placed. Please try again.",
    });
    return;
  }
  const p = error.problem;
  switch (error.code) {
    case "payment_declined": {
      const { message, field } = declineMessage(String(p.declineReason ?? ""));
      if (field) view.setCardErrors({ [field]: message });
      view.showBanner({ tone: "error", title: "Payment declined", body: message });
      await view.refresh();
      return;
    }
    case "price_changed": {
      const fresh = await view.refresh();
      const total = (p.total as Money | undefined) ?? fresh?.totals.total ?? expected;
      view.setNewTotal(total);
      view.showBanner({
        tone: "warning",
        title: "Your total has changed",
        body: `Prices changed since you started: the total is now ${formatMoney(total)} instead of ${formatMoney(expected)}. You have not been charged. Review the summary and confirm to pay ${formatMoney(total)}.`,
      });
      return;
    }
    case "insufficient_stock": {
      const fresh = await view.refresh();
      if (fresh)
        await view.resolveStock(fresh, [{ sku: String(p.sku ?? ""), available: Number(p.available ?? 0) }]);
      return;
    }
    case "gift_card_not_found":
    case "gift_card_expired":
    case "gift_card_currency_mismatch":
    case "gift_card_insufficient_balance": {
      const fresh = await view.refresh();
      view.showBanner({
        tone: "error",
        title: "Your gift card could not be used",
        body: `${giftCardErrorMessage(error, fresh ?? undefined)} You have not been charged. Remove it or use another to continue.`,
      });
      return;
    }
    case "checkout_incomplete": {
      const steps = new Set((p.errors ?? []).map((e) => e.field));
      if (steps.has("email")) view.setEmailError("Enter your email address.");
      if (steps.has("shipping_method")) view.setShippingError("Choose a shipping method.");
      view.showBanner({ tone: "error", title: "A step is missing", body: error.message });
      return;
    }
    case "checkout_in_progress":
    case "payment_pending":
    case "idempotency_key_in_use":
      view.showBanner({
        tone: "info",
        title: "We're still confirming your payment",
        body: "Please don't pay again. This can take a minute; refresh the page to see your order.",
      });
      return;
    default:
      await view.refresh();
      view.showBanner({ tone: "error", title: "Your order was not placed", body: error.message });
  }
}
