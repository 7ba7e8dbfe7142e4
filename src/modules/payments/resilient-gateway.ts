import type { Failure } from "../../shared/failure.ts";
import { CircuitBreaker } from "./circuit-breaker.ts";
import {
  type AuthorizeOutcome,
  ambiguousReasons,
  type LookupOutcome,
  type PaymentGateway,
  transientReasons,
  type UnknownOutcome,
} from "./gateway.ts";
import {
  defaultRetryPolicy,
  nextRetryDelayMs,
  type RetryPolicy,
  type RetryTiming,
  realTiming,
} from "./retry-policy.ts";

export interface ResilienceOptions {
  policy: RetryPolicy;
  timing: RetryTiming;
  breakerFailureThreshold: number;
  breakerOpenMs: number;
}

export const defaultResilience: ResilienceOptions = {
  policy: defaultRetryPolicy,
  timing: realTiming,
  breakerFailureThreshold: 5,
  breakerOpenMs: 30_000,
};

/** A gateway wrapped with retries and a circuit breaker; it can say when it will accept calls. */
export interface ResilientGateway extends PaymentGateway {
  readonly resilient: true;
  /** Milliseconds until the provider's circuit lets calls through again; 0 when it does now. */
  retryAfterMs(): number;
}

const unavailable: UnknownOutcome = { status: "unknown", reason: "provider_unavailable" };

/**
 * Wraps a provider so transient failures (timeouts, network errors, 5xx, 429) are retried with
 * backoff and jitter under the SAME idempotency key, a timed-out authorize is looked up before
 * it is sent again, and a provider that keeps failing is not called at all while its circuit is
 * open. Thrown errors become `unknown` outcomes: a provider call never throws past this.
 */
export function createResilientGateway(
  inner: PaymentGateway,
  options: Partial<ResilienceOptions> = {},
): ResilientGateway {
  const { policy, timing, breakerFailureThreshold, breakerOpenMs } = { ...defaultResilience, ...options };
  const breaker = new CircuitBreaker({
    failureThreshold: breakerFailureThreshold,
    openMs: breakerOpenMs,
    now: timing.now,
  });

  /**
   * One call through the breaker; counts transient outcomes and thrown errors as failures. A
   * lookup answering does not close the circuit: a provider that can read but not charge is down.
   */
  async function call<T extends { status: string }>(
    send: () => Promise<T>,
    provesHealth = true,
  ): Promise<T | UnknownOutcome> {
    if (!breaker.tryAcquire()) return unavailable;
    let outcome: T | UnknownOutcome;
    try {
      outcome = await send();
    } catch (error) {
      outcome = { status: "unknown", reason: reasonOf(error) };
    }
    if (isTransient(outcome)) breaker.recordFailure();
    else if (provesHealth) breaker.recordSuccess();
    else breaker.release();
    return outcome;
  }

  /**
   * Sends, and re-sends with the same key while the answer is transient and the policy allows.
   * `beforeRetry` runs before each re-send and may settle the call instead (a lookup).
   */
  async function withRetries<T extends { status: string }>(
    send: () => Promise<T>,
    beforeRetry?: (last: UnknownOutcome) => Promise<T | undefined>,
    provesHealth = true,
  ): Promise<{ outcome: T | UnknownOutcome; ambiguous: boolean }> {
    const started = timing.now();
    let ambiguous = false;
    for (let retry = 0; ; retry++) {
      const outcome = await call(send, provesHealth);
      if (!isTransient(outcome)) return { outcome, ambiguous };
      if (ambiguousReasons.has(outcome.reason)) ambiguous = true;
      const delay = nextRetryDelayMs(policy, retry + 1, timing.now() - started, timing.random);
      if (delay === undefined) return { outcome, ambiguous };
      await timing.sleep(delay);
      const settled = ambiguousReasons.has(outcome.reason) ? await beforeRetry?.(outcome) : undefined;
      if (settled) return { outcome: settled, ambiguous };
    }
  }

  return {
    provider: inner.provider,
    resilient: true,
    retryAfterMs: () => breaker.retryAfterMs(),

    async authorize(request) {
      // After a timeout the charge may exist: ask before sending anything new.
      const lookupFirst = async (): Promise<AuthorizeOutcome | undefined> => {
        const found = await call(() => inner.lookup(request.idempotencyKey, request.source), false);
        return found.status === "authorized" || found.status === "declined" ? found : undefined;
      };
      const { outcome, ambiguous } = await withRetries(() => inner.authorize(request), lookupFirst);
      if (outcome.status !== "unknown" || ambiguous) return outcome;
      // Every answer said "nothing was done": no charge can exist, so the shopper may try again.
      if (outcome.reason === "provider_unavailable" || outcome.reason === "rate_limited") {
        return { status: "declined", reason: "provider_unavailable" };
      }
      if (outcome.reason === "processing_error") return { status: "declined", reason: "processing_error" };
      return outcome;
    },

    async lookup(idempotencyKey, source) {
      return (await withRetries<LookupOutcome>(() => inner.lookup(idempotencyKey, source), undefined, false))
        .outcome;
    },
    async void(request) {
      return (await withRetries(() => inner.void(request))).outcome;
    },
    async capture(request) {
      return (await withRetries(() => inner.capture(request))).outcome;
    },
    async refund(request) {
      return (await withRetries(() => inner.refund(request))).outcome;
    },
  };
}

function isTransient(outcome: { status: string; reason?: string }): outcome is UnknownOutcome {
  return outcome.status === "unknown" && transientReasons.has(outcome.reason ?? "");
}

/** A thrown error is a network-level failure: the request may or may not have arrived. */
function reasonOf(error: unknown): string {
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 429) return "rate_limited";
  return "network_error";
}

/** Wraps every gateway of a map once (an already wrapped one is kept as is). */
export function withResilience(
  gateways: Iterable<readonly [string, PaymentGateway]>,
  options: Partial<ResilienceOptions> = {},
): Map<string, PaymentGateway> {
  return new Map(
    [...gateways].map(([name, gateway]) => [
      name,
      "resilient" in gateway ? gateway : createResilientGateway(gateway, options),
    ]),
  );
}

/**
 * `payment_provider_unavailable` (with Retry-After) while `provider`'s circuit is open, so
 * checkout fails fast before reserving anything; undefined when the provider may be called.
 */
export function providerUnavailable(
  gateways: ReadonlyMap<string, PaymentGateway>,
  provider: string,
): Failure | undefined {
  const gateway = gateways.get(provider);
  const waitMs = gateway && "resilient" in gateway ? (gateway as ResilientGateway).retryAfterMs() : 0;
  if (waitMs <= 0) return undefined;
  return {
    code: "payment_provider_unavailable",
    detail: `The ${provider} payment provider is not answering; nothing was charged. Retry shortly.`,
    meta: { retryAfterSeconds: Math.ceil(waitMs / 1000) },
  };
}
