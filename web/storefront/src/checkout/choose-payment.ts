import type { CheckoutPayment } from "../api/client.ts";
import type { Cart } from "../api/types.ts";
import { tokenizeCardForm } from "./card-token.ts";
import type { Banner } from "./place-order-panel.tsx";
import { createStripePaymentMethod } from "./stripe-payment.ts";
import { type CardField, type CardForm, cardFieldOrder, type Errors, validateCard } from "./validation.ts";

/**
 * Sent when the gift card pays everything: the API still requires a payment object, and the
 * gateway is never called when nothing is due.
 */
const giftCardOnlyToken = "gift_card_only";

interface Chosen {
  payByTransfer: boolean;
  /** The buyer's purchase-order number when paying on invoice; undefined otherwise. */
  purchaseOrderNumber: string | undefined;
  payByPayPal: boolean;
  /** Stripe takes the cards (Payment Element) instead of the test provider's fields. */
  stripeKey: string | undefined;
  card: CardForm;
}

interface PaymentView {
  showBanner(banner: Banner): void;
  setCardErrors(errors: Errors<CardField>): void;
  setPurchaseOrderError(message: string | undefined): void;
  focusField(name: string): void;
}

/**
 * What pays the order: a transfer, a Stripe PaymentMethod (pm_…) or a test-card token. Null
 * after telling the shopper what to fix. Card data goes only to Stripe's frames or our tokenizer.
 */
export async function choosePayment(
  ready: Cart,
  chosen: Chosen,
  view: PaymentView,
): Promise<CheckoutPayment | null> {
  if (ready.amountDue.amount <= 0) return { provider: "test", token: giftCardOnlyToken };
  if (chosen.payByTransfer) return { provider: "bank_transfer" };
  if (chosen.purchaseOrderNumber !== undefined) {
    const number = chosen.purchaseOrderNumber.trim();
    const problem = !number
      ? "Enter your purchase order number."
      : number.length > 35
        ? "A purchase order number has at most 35 characters."
        : !/^[\w ./-]+$/.test(number)
          ? "Use letters, digits, spaces and . / - _ only."
          : undefined;
    view.setPurchaseOrderError(problem);
    if (problem) {
      view.focusField("purchase-order-number");
      return null;
    }
    return { provider: "purchase_order", purchaseOrderNumber: number };
  }
  if (chosen.payByPayPal) {
    view.showBanner({
      tone: "info",
      title: "Pay with PayPal",
      body: "Use the PayPal button to approve the payment.",
    });
    return null;
  }
  if (chosen.stripeKey) {
    const method = await createStripePaymentMethod();
    if (method.ok) return { provider: "stripe", token: method.id };
    view.showBanner({ tone: "error", title: "Check your card details", body: method.message });
    return null;
  }
  // The card form may have been hidden until now (a gift card removed, the total grew).
  const problems = validateCard(chosen.card);
  view.setCardErrors(problems);
  const firstCard = cardFieldOrder.find((f) => problems[f]);
  if (firstCard) {
    view.focusField(firstCard);
    return null;
  }
  const tokenized = await tokenizeCardForm(chosen.card);
  if (!tokenized.ok) {
    if (tokenized.fieldErrors) view.setCardErrors(tokenized.fieldErrors);
    const first = cardFieldOrder.find((f) => tokenized.fieldErrors?.[f]);
    if (first) view.focusField(first);
    if (tokenized.banner) view.showBanner(tokenized.banner);
    return null;
  }
  return { provider: "test", token: tokenized.token.token };
}
