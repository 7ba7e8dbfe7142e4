/**
 * How long to wait before delivering an event again after its `attempts`-th failure: 1 s,
 * doubling, capped at 5 minutes. Never gives up: an event is only ever removed by delivery (G13).
 */
export function retryDelayMs(attempts: number): number {
  const capMs = 5 * 60_000;
  return Math.min(capMs, 1000 * 2 ** Math.max(0, Math.min(attempts - 1, 20)));
}
