/**
 * A circuit breaker per provider: after `failureThreshold` transient failures in a row it opens
 * and calls fail fast for `openMs`; then one probe call is let through (half-open) and its
 * outcome closes or re-opens the circuit. In-process state on purpose: each replica learns for
 * itself that a provider is down, which needs no shared store and errs towards trying.
 */
export interface CircuitBreakerOptions {
  failureThreshold: number;
  openMs: number;
  now(): number;
}

export type CircuitState = "closed" | "open" | "half_open";

export class CircuitBreaker {
  #failures = 0;
  #openedAt: number | undefined;
  #probing = false;

  constructor(private readonly options: CircuitBreakerOptions) {}

  get state(): CircuitState {
    if (this.#openedAt === undefined) return "closed";
    return this.options.now() - this.#openedAt >= this.options.openMs ? "half_open" : "open";
  }

  /** Whether a call may go out now; in half-open state only one probe at a time. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === "closed") return true;
    if (state === "open" || this.#probing) return false;
    this.#probing = true;
    return true;
  }

  /** Milliseconds until a call may go out again; 0 when it may now. */
  retryAfterMs(): number {
    if (this.#openedAt === undefined) return 0;
    return Math.max(0, this.#openedAt + this.options.openMs - this.options.now());
  }

  recordSuccess(): void {
    this.#failures = 0;
    this.#openedAt = undefined;
    this.#probing = false;
  }

  /** Ends a half-open probe that proved nothing either way (e.g. a lookup). */
  release(): void {
    this.#probing = false;
  }

  recordFailure(): void {
    this.#failures++;
    if (this.#probing || this.#failures >= this.options.failureThreshold) this.#openedAt = this.options.now();
    this.#probing = false;
  }
}
