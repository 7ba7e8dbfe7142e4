import type { BankAccount } from "./domain/bank-account.ts";

/**
 * What every payment provider implements. Calls go to the outside world: they are made outside
 * any database transaction, may take seconds, and are keyed by `idempotencyKey` (one of our own
 * record ids) so a retried call can never charge, capture or refund twice. Wrap a provider in
 * `createResilientGateway` (retries, lookup after timeouts, circuit breaker) before use.
 */
export interface PaymentGateway {
  readonly provider: string;
  /** Places a hold for `amount` on the payment source (a token, never card data). */
  authorize(request: AuthorizeRequest): Promise<AuthorizeOutcome>;
  /**
   * What the provider knows of an earlier authorize with this key; asked after a timeout.
   * `source` is the same payment source, for providers that find a charge by it (PayPal's order).
   */
  lookup(idempotencyKey: string, source?: string): Promise<LookupOutcome>;
  /** Releases a hold. Idempotent: voiding a voided authorization succeeds. */
  void(request: { idempotencyKey: string; providerReference: string }): Promise<VoidOutcome>;
  /** Takes `amount` (≤ the hold) of an authorization. One capture per payment; the rest is released. */
  capture(request: MoneyMovement): Promise<CaptureOutcome>;
  /** Returns `amount` of a captured payment; each refund has its own key (our refund row id). */
  refund(request: MoneyMovement & { reason: string }): Promise<RefundOutcome>;
}

export interface OfflinePaymentTerms {
  reference: string;
  payTo: BankAccount | null;
  dueDays: number;
}

export interface AuthorizeRequest {
  idempotencyKey: string;
  /** Integer minor units of `currency` (G1). */
  amount: number;
  currency: string;
  source: string;
}

export interface MoneyMovement {
  idempotencyKey: string;
  providerReference: string;
  amount: number;
  currency: string;
}

/** Timeout, network error, 5xx, 429: the call may or may not have had an effect. Never a decline. */
export type UnknownOutcome = { status: "unknown"; reason: string };

export type AuthorizeOutcome =
  | {
      status: "authorized";
      providerReference: string;
      authorizationCode: string;
      brand: string;
      last4: string;
      /**
       * Offline methods (bank transfer, purchase order): nothing was taken; the order is placed
       * awaiting the money, which the shopper sends quoting `reference` within `dueDays`.
       */
      awaitingPayment?: OfflinePaymentTerms;
    }
  | { status: "declined"; reason: DeclineReason; providerReference?: string }
  | RequiresActionOutcome
  | UnknownOutcome;

/**
 * The shopper must act (3-D Secure) before the provider decides. Nothing is authorized yet; the
 * same attempt is resumed by asking `lookup` once the shopper finished (or gave up).
 */
export type RequiresActionOutcome = {
  status: "requires_action";
  providerReference: string;
  action: PaymentAction;
};

/** What the storefront shows the shopper to finish a payment. */
export interface PaymentAction {
  type: "three_d_secure";
  /** A page to show in a frame or window (the test processor's challenge, Stripe's redirect). */
  url: string | null;
  /** Stripe: the PaymentIntent's client secret, for Stripe.js `handleNextAction`. */
  clientSecret?: string;
}

export type LookupOutcome = AuthorizeOutcome | { status: "not_found" };
export type VoidOutcome = { status: "voided" } | UnknownOutcome;
export type CaptureOutcome =
  | { status: "captured"; amount: number }
  | { status: "failed"; reason: string }
  | UnknownOutcome;
export type RefundOutcome =
  | { status: "refunded"; providerReference: string }
  | { status: "failed"; reason: string }
  | UnknownOutcome;

export type DeclineReason =
  | "generic_decline"
  | "insufficient_funds"
  | "lost_card"
  | "stolen_card"
  | "expired_card"
  | "incorrect_cvc"
  | "fraudulent"
  | "invalid_source"
  /** 3-D Secure was needed but the provider could not start a challenge (e.g. off-session). */
  | "authentication_required"
  /** The shopper failed the 3-D Secure challenge. */
  | "authentication_failed"
  /** The shopper left the 3-D Secure challenge, or did not finish it in time. */
  | "authentication_abandoned"
  /** The provider kept failing and has no record of the charge: nothing was taken. */
  | "processing_error"
  /** The provider was not called at all because its circuit breaker is open. */
  | "provider_unavailable";

/**
 * Reasons of an `unknown` outcome worth retrying with the same key. The first three may have
 * reached the provider, so the retry asks `lookup` first.
 */
export const ambiguousReasons = new Set(["timeout", "network_error", "provider_error"]);
export const transientReasons = new Set([...ambiguousReasons, "rate_limited", "processing_error"]);
