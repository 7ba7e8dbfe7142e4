/**
 * The wait before retry number `attempt` (1 after the first failure): `baseMs` doubling per
 * attempt, capped at `capMs`, with "equal jitter" (between half and all of it) so that many
 * deliveries failing together (an endpoint's outage) do not all come back at the same instant.
 * `random` is injectable for tests; it must return a number in [0, 1).
 */
export function backoffWithJitterMs(
  attempt: number,
  options: { baseMs: number; capMs: number; random?: () => number },
): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  const random = options.random ?? Math.random;
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
