import type { CardField } from "./validation.ts";

/**
 * What to tell the shopper per decline reason. Lost, stolen and fraud declines get the generic
 * message on purpose: saying why would help someone holding a stolen card.
 */
export function declineMessage(reason: string): { message: string; field?: CardField } {
  switch (reason) {
    case "insufficient_funds":
      return { message: "Your card has insufficient funds. Try a different card." };
    case "expired_card":
      return {
        message: "Your card has expired. Check the expiry date or use a different card.",
        field: "expiry",
      };
    case "incorrect_cvc":
      return { message: "The security code doesn't match. Check it and try again.", field: "cvc" };
    case "processing_error":
      return { message: "The card could not be processed. You were not charged; please try again." };
    case "attempt_expired":
      return {
        message: "The payment took too long and was cancelled; you were not charged. Please try again.",
      };
    default:
      return {
        message: "Your card was declined. You were not charged. Try a different card or contact your bank.",
      };
  }
}
