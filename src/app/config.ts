import { z } from "zod";
import { isSupportedCurrency } from "../shared/money/index.ts";

/**
 * Every setting the service reads, from environment variables. A bad value stops start-up with
 * a message naming the variable; nothing else in the code reads `process.env`.
 */
const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const schema = z.object({
  PORT: z.coerce.number({ message: "must be a number" }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("localhost"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DATA_DIR: z.string().min(1).default("./data"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_DEMO: booleanFlag.default(true),
  STORE_NAME: z.string().min(1).max(100).default("Cartwright Demo Store"),
  STORE_CURRENCIES: z
    .string()
    .regex(/^[A-Z]{3}(,[A-Z]{3})*$/, "must be comma-separated ISO 4217 codes, e.g. USD,EUR")
    .default("USD,EUR")
    .transform((s) => s.split(","))
    .refine((codes) => codes.every(isSupportedCurrency), "lists a currency that is not in ISO 4217"),
  ORDER_NUMBER_PREFIX: z
    .string()
    .regex(/^[A-Z0-9-]{0,10}$/, "must be up to 10 of A-Z, 0-9 and -")
    .default("CW-"),
  // The seller for tax: origin country, own VAT ID (EU reverse charge needs its member state),
  // and where tax rounds (per line, or once per document and rate).
  STORE_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as US or DE")
    .default("US"),
  STORE_VAT_ID: z
    .string()
    .regex(/^[A-Z]{2}[A-Z0-9+*]{2,13}$/, "must be a VAT ID with its country prefix, e.g. DE136695976")
    .optional(),
  TAX_ROUNDING: z.enum(["line", "document"]).default("line"),
  CHECKOUT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
  TEST_PAYMENT_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  // Events go to NATS JetStream when set (comma-separated servers of one cluster); else in-process.
  NATS_URL: z
    .string()
    .regex(
      /^(nats|tls):\/\/[^\s,]+(,(nats|tls):\/\/[^\s,]+)*$/,
      "must be nats:// URLs separated by commas, e.g. nats://127.0.0.1:4222",
    )
    .transform((s) => s.split(","))
    .optional(),
  NATS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 of A-Z, a-z, 0-9, _ and -")
    .default("CARTWRIGHT"),
  NATS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/, "must be dot-separated tokens of a-z, 0-9, _ and -")
    .default("cartwright"),
  /** Share (0..1) of test-processor calls that fail transiently, to rehearse retries and outages. */
  TEST_PAYMENT_FAILURE_RATE: z.coerce.number().min(0).max(1).default(0),
  /** Enables the Stripe provider (sk_live_… or sk_test_…). */
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, "must be a Stripe secret key (sk_…)")
    .optional(),
  /** Enables POST /webhooks/stripe: the endpoint's signing secret (whsec_…). */
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_\w+$/, "must be a webhook signing secret (whsec_…)")
    .optional(),
  /** Another Stripe API base URL (stripe-mock, tests); https://api.stripe.com when unset. */
  STRIPE_API_URL: z.url().optional(),
  /** Sends emails over SMTP (smtp:// or smtps://, credentials in the URL); unset: .eml files in DATA_DIR/mail. */
  SMTP_URL: z
    .string()
    .regex(
      /^smtps?:\/\/[^\s]+$/,
      "must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example:587",
    )
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(
      /^([^<>\n]+<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
      "must be an address, e.g. Shop <orders@shop.example>",
    )
    .default("Cartwright Demo Store <orders@cartwright.localhost>"),
  /** The seller's postal address on receipts and emails; lines separated by semicolons. */
  STORE_ADDRESS: z
    .string()
    .max(500)
    .default("1 Demo Street; Springfield, IL 62701; United States")
    .transform((s) =>
      s
        .split(";")
        .map((line) => line.trim())
        .filter(Boolean),
    ),
  /** Locale of emails and receipts (money, dates), BCP 47. */
  STORE_LOCALE: z
    .string()
    .default("en-US")
    .refine(isKnownLocale, "must be a BCP 47 locale this runtime supports, e.g. en-US or de-DE"),
  /** The storefront's public base URL: email links to the order status page start with it. */
  STORE_URL: z
    .url({ protocol: /^https?$/, message: "must be an http(s) URL" })
    .default("http://localhost:3000"),
  STORE_BRAND_COLOR: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "must be a hex colour such as #1f6feb")
    .default("#1f6feb"),
  /** Failed sends before an email is dead-lettered (resend it from the Admin API). */
  EMAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /**
   * When the payment is captured: `placement` leaves the authorization for the merchant to capture
   * (today's behaviour); `fulfilment` captures it when the order's first shipment is created.
   */
  CAPTURE_ON: z.enum(["placement", "fulfilment"]).default("placement"),
  /** Signs tracking webhooks from the test carrier (POST /webhooks/carriers/test); the default is for the demo only. */
  CARRIER_WEBHOOK_SECRET: z
    .string()
    .min(16, "must be at least 16 characters")
    .default("dev-carrier-webhook-secret-change-me"),
  /** How long a customer stays signed in (cookie and bearer sessions); sign-out ends it sooner. */
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(720),
});

function isKnownLocale(tag: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length === 1;
  } catch {
    return false;
  }
}

export type Config = z.output<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads and validates the configuration; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map(
      (i) => `${i.path.join(".")}=${shown(String(i.path[0]), present[String(i.path[0])])}: ${i.message}`,
    ),
  );
}

/** A bad value as the error may show it: never a secret, never a password inside a URL. */
function shown(name: string, value: string | undefined): string {
  if (value === undefined) return "(unset)";
  if (/SECRET|KEY|PASSWORD|TOKEN/.test(name)) return "[redacted]";
  return JSON.stringify(value.replace(/\/\/([^/@]*)@/, "//[redacted]@"));
}
