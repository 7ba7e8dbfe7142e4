import { Webhook } from "standardwebhooks";

/**
 * The Standard Webhooks headers for one message: `webhook-id` (stable across retries and replays,
 * the receiver's dedup key), `webhook-timestamp` (seconds, fresh per attempt so receivers can
 * refuse old replays) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`),
 * one signature per secret, space-separated, while a rotated-out secret is still honoured.
 */
export function signatureHeaders(
  messageId: string,
  at: Date,
  body: string,
  secrets: readonly string[],
): Record<string, string> {
  // The library signs with whole seconds; passing a rounded date keeps header and signature equal.
  const seconds = Math.floor(at.getTime() / 1000);
  const timestamp = new Date(seconds * 1000);
  return {
    "webhook-id": messageId,
    "webhook-timestamp": String(seconds),
    "webhook-signature": secrets.map((s) => new Webhook(s).sign(messageId, timestamp, body)).join(" "),
  };
}
