/**
 * What every payment provider implements. Calls go to the outside world: they are made outside
 * any database transaction, may take seconds, and are keyed by `idempotencyKey` (one of our own
 * record ids) so a retried call can never charge twice.
 */
export interface PaymentGateway {
  readonly provider: string;
  /** Places a hold for `amount` on the payment source (a token, never card data). */
  authorize(request: AuthorizeRequest): Promise<AuthorizeOutcome>;
  /** What the provider knows of an earlier authorize with this key; asked after a timeout. */
  lookup(idempotencyKey: string): Promise<AuthorizeOutcome | { status: "not_found" }>;
  /** Releases a hold. Idempotent: voiding a voided authorization succeeds. */
  void(request: {
    idempotencyKey: string;
    providerReference: string;
  }): Promise<{ status: "voided" } | { status: "unknown"; reason: string }>;
}

export interface AuthorizeRequest {
  idempotencyKey: string;
  /** Integer minor units of `currency` (G1). */
  amount: number;
  currency: string;
  source: string;
}

export type AuthorizeOutcome =
  | {
      status: "authorized";
      providerReference: string;
      authorizationCode: string;
      brand: string;
      last4: string;
    }
  | { status: "declined"; reason: DeclineReason; providerReference?: string }
  /** Timeout, network error, 5xx: the charge may or may not exist. Never treated as a decline. */
  | { status: "unknown"; reason: string };

export type DeclineReason =
  | "generic_decline"
  | "insufficient_funds"
  | "lost_card"
  | "stolen_card"
  | "expired_card"
  | "incorrect_cvc"
  | "fraudulent"
  | "invalid_source";
