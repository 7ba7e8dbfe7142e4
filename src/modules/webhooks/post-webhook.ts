/** What came of one POST to a merchant's endpoint. */
export type PostOutcome =
  | { kind: "delivered"; status: number; durationMs: number }
  /** Worth trying again later: network error, time-out, 5xx, 408, 409, 425, 429 or a redirect. */
  | { kind: "retry"; status: number | null; error: string; durationMs: number; retryAfterMs?: number }
  /** The receiver refused the message itself (other 4xx, e.g. 410 Gone): retrying cannot help. */
  | { kind: "refused"; status: number; error: string; durationMs: number };

/** Sends one signed webhook. Never throws: every failure is an outcome. */
export type PostWebhook = (request: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  now: Date;
}) => Promise<PostOutcome>;

const retryableClientErrors = new Set([408, 409, 425, 429]);

/**
 * The default transport: fetch with a hard time-out. Redirects are not followed (a webhook URL
 * that moved is the merchant's to update, and following them would carry our signed request
 * wherever the receiver points). The response body is discarded unread.
 */
export const fetchPostWebhook: PostWebhook = async ({ url, headers, body, timeoutMs, now }) => {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Cartwright-Webhooks/1", ...headers },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : "";
    const error = timedOut
      ? `timed out after ${timeoutMs} ms`
      : `${err instanceof Error ? err.message : String(err)}${cause}`;
    return { kind: "retry", status: null, error, durationMs: elapsed() };
  }
  await res.body?.cancel().catch(() => {});
  const durationMs = elapsed();
  if (res.status >= 200 && res.status < 300) return { kind: "delivered", status: res.status, durationMs };
  const error = `HTTP ${res.status}`;
  if (res.status >= 400 && res.status < 500 && !retryableClientErrors.has(res.status))
    return { kind: "refused", status: res.status, error, durationMs };
  const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), now);
  return {
    kind: "retry",
    status: res.status,
    error,
    durationMs,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
};

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
