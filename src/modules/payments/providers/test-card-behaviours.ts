import type { DeclineReason } from "../gateway.ts";

/**
 * How the built-in test processor treats a card, after the public test-card conventions
 * (Stripe's numbers and `tok_*` tokens), so merchants can rehearse every outcome.
 */
/** `authentication_required` stands for "asks for a 3-D Secure challenge" (no decline by itself). */
export type TestCardBehaviour =
  | "approved"
  | "processing_error"
  | Exclude<
      DeclineReason,
      | "invalid_source"
      | "provider_unavailable"
      | "processing_error"
      | "authentication_failed"
      | "authentication_abandoned"
    >;

/** Behaviour by full test number; any other valid number is approved. Public numbers, no secret. */
const byNumber: Record<string, TestCardBehaviour> = {
  "4000000000000002": "generic_decline",
  "4000000000009995": "insufficient_funds",
  "4000000000009987": "lost_card",
  "4000000000009979": "stolen_card",
  "4000000000000069": "expired_card",
  "4000000000000127": "incorrect_cvc",
  "4000000000000119": "processing_error",
  // 3-D Secure: the charge waits for a challenge the shopper approves or fails (test-challenges.ts).
  "4000000000003220": "authentication_required",
  "4000002760003184": "authentication_required",
  "4100000000000019": "fraudulent",
};

export function behaviourOfNumber(digits: string): TestCardBehaviour {
  return byNumber[digits] ?? "approved";
}

/** The literal tokens accepted without tokenizing first (kept for API clients and demos). */
export const literalTokens: Record<string, { behaviour: TestCardBehaviour; brand: string; last4: string }> = {
  tok_visa: { behaviour: "approved", brand: "visa", last4: "4242" },
  tok_visa_debit: { behaviour: "approved", brand: "visa", last4: "5556" },
  tok_mastercard: { behaviour: "approved", brand: "mastercard", last4: "4444" },
  tok_amex: { behaviour: "approved", brand: "amex", last4: "8431" },
  tok_discover: { behaviour: "approved", brand: "discover", last4: "1117" },
  tok_jcb: { behaviour: "approved", brand: "jcb", last4: "0505" },
  tok_chargeDeclined: { behaviour: "generic_decline", brand: "visa", last4: "0002" },
  tok_chargeDeclinedInsufficientFunds: { behaviour: "insufficient_funds", brand: "visa", last4: "9995" },
  tok_chargeDeclinedLostCard: { behaviour: "lost_card", brand: "visa", last4: "9987" },
  tok_chargeDeclinedStolenCard: { behaviour: "stolen_card", brand: "visa", last4: "9979" },
  tok_chargeDeclinedExpiredCard: { behaviour: "expired_card", brand: "visa", last4: "0069" },
  tok_chargeDeclinedIncorrectCvc: { behaviour: "incorrect_cvc", brand: "visa", last4: "0127" },
  tok_chargeDeclinedProcessingError: { behaviour: "processing_error", brand: "visa", last4: "0119" },
  tok_chargeDeclinedFraudulent: { behaviour: "fraudulent", brand: "visa", last4: "0019" },
  tok_threeDSecureRequired: { behaviour: "authentication_required", brand: "visa", last4: "3220" },
};
