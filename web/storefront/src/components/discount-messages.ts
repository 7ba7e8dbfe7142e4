import { ApiProblem } from "../api/client.ts";
import type { Cart, PromotionRejection } from "../api/types.ts";

/**
 * What to tell the shopper when a promotion code does not apply. Each reason says what they can
 * do about it, because "invalid code" alone sends people to retype a code that was right.
 */
export function promotionRejectionMessage(code: string, reason: PromotionRejection, cart?: Cart): string {
  switch (reason) {
    case "not_found":
      return `We don't recognise the code ${code}. Check the spelling and try again.`;
    case "expired":
      return `The code ${code} has expired.`;
    case "not_started":
      return `The code ${code} isn't active yet. Try again once the promotion starts.`;
    case "minimum_not_met":
      return `Your order doesn't reach the minimum for ${code} yet. Add more to your cart to use it.`;
    case "currency_mismatch":
      return `The code ${code} can't be used with prices in ${cart?.currency ?? "this currency"}.`;
    case "customer_not_eligible":
      return `The code ${code} isn't available for this account or email address.`;
    case "usage_limit_reached":
      return `The code ${code} has already been used as many times as it allows.`;
    case "not_combinable":
      return `The code ${code} can't be combined with another promotion in your cart. Remove the other code to use this one.`;
    case "not_applicable":
      return `The code ${code} doesn't apply to the items in your cart.`;
    case "duplicate":
      return `The code ${code} is already applied.`;
    case "too_many_codes":
      return "Your cart already holds the most codes allowed. Remove one to add another.";
    default:
      return `The code ${code} can't be used on this order.`;
  }
}

/** A refused gift card, by problem code; the shopper sees why and what to try next. */
export function giftCardErrorMessage(error: unknown, cart?: Cart): string {
  if (!(error instanceof ApiProblem)) return "We couldn't apply your gift card. Please try again.";
  switch (error.code) {
    case "gift_card_not_found":
      return "We couldn't find a gift card with that code. Check it and try again.";
    case "gift_card_expired":
      return "This gift card has expired.";
    case "gift_card_currency_mismatch":
      return `This gift card is in another currency than your cart${cart ? ` (${cart.currency})` : ""}.`;
    case "gift_card_insufficient_balance":
      return "This gift card has no balance left.";
    case "validation_failed":
      return "Enter the full gift card code.";
    default:
      return error.message;
  }
}

/** A refused promotion code, from the API's problem. */
export function promotionErrorMessage(error: unknown, code: string, cart?: Cart): string {
  if (!(error instanceof ApiProblem)) return "We couldn't apply your code. Please try again.";
  if (error.code === "promotion_code_rejected")
    return promotionRejectionMessage(code, String(error.problem.reason ?? ""), cart);
  if (error.code === "validation_failed") return "Enter a promotion code.";
  return error.message;
}
