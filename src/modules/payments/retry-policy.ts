/**
 * When and how long to wait before retrying a provider call: exponential backoff with full
 * jitter (so a crowd of retries spreads out), bounded by attempts and by total elapsed time (so
 * checkout's authorize step stays within its time budget).
 */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts later than this after the first call. */
  totalBudgetMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  totalBudgetMs: 4_000,
};

/** Time as the retry loop sees it; tests pass a fake so nothing really waits. */
export interface RetryTiming {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const realTiming: RetryTiming = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** The pause before retry number `retry` (1 for the first retry): uniform in [0, capped backoff]. */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(random() * ceiling);
}

/**
 * The pause before retry number `retry`, or undefined when the policy says stop: out of attempts,
 * or the pause would end past the total budget.
 */
export function nextRetryDelayMs(
  policy: RetryPolicy,
  retry: number,
  elapsedMs: number,
  random: () => number,
): number | undefined {
  if (retry >= policy.maxAttempts) return undefined;
  const delay = backoffDelayMs(policy, retry, random);
  return elapsedMs + delay > policy.totalBudgetMs ? undefined : delay;
}
