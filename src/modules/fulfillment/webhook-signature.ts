import { createHmac, timingSafeEqual } from "node:crypto";

/** The signature a carrier sends: `v1=` + hex HMAC-SHA256 over `<timestamp>.<raw body>`. */
export function signCarrierWebhook(secret: string, timestamp: number, body: Buffer | string): string {
  const mac = createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");
  return `v1=${mac}`;
}

/**
 * Whether the signature matches the raw body and the timestamp is within `toleranceSeconds` of
 * now (either way): a captured delivery cannot be replayed later. Constant-time comparison.
 */
export function isValidCarrierSignature(input: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: Buffer;
  now: Date;
  toleranceSeconds: number;
}): boolean {
  if (!input.timestamp || !input.signature || !/^\d{1,12}$/.test(input.timestamp)) return false;
  const timestamp = Number(input.timestamp);
  if (Math.abs(input.now.getTime() / 1000 - timestamp) > input.toleranceSeconds) return false;
  const expected = Buffer.from(signCarrierWebhook(input.secret, timestamp, input.body));
  // Several signatures may be sent while a secret rotates; any one valid is enough.
  return input.signature.split(/\s+/).some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
