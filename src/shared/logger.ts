import pino, { type Logger } from "pino";

export type { Logger };

/**
 * Paths that must never reach a log line: secrets (G15) and personal data (G17).
 * Pino censors them wherever they appear in a logged object.
 */
export const redactedPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["idempotency-key"]',
  "*.password",
  "*.token",
  "*.cartToken",
  "*.apiKey",
  "*.secret",
  // Request bodies are never logged (Fastify logs method and URL only); these catch a body or a
  // card that someone logs by hand, e.g. the test processor's tokenization input (G15).
  "req.body",
  "res.body",
  "cardNumber",
  "cvc",
  "*.cardNumber",
  "*.cvc",
  "*.body.cardNumber",
  "*.body.cvc",
  "*.card",
  "*.email",
  "*.phone",
  "*.address",
  "*.shippingAddress",
  "*.billingAddress",
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactedPaths, censor: "[redacted]" },
      base: { service: "cartwright" },
    },
    destination,
  );
}
