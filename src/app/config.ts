import { availableParallelism } from "node:os";
import { z } from "zod";
import { isBic, normalizeIban } from "../modules/payments/index.ts";
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
  /** Prepared (named) statements on the PostgreSQL server; off behind a pooler without support. */
  DATABASE_PREPARED_STATEMENTS: booleanFlag.default(true),
  /**
   * API server processes sharing the port (node:cluster); `auto`: one per CPU core. More than one
   * needs DATABASE_URL: every guarantee comes from PostgreSQL, and PGlite belongs to one process.
   */
  API_PROCESSES: z
    .string()
    .regex(/^(auto|\d{1,2})$/, "must be a number of processes (1-64) or auto (one per CPU core)")
    .default("1")
    .transform((s) => (s === "auto" ? Math.min(64, availableParallelism()) : Number(s)))
    .refine((n) => n >= 1 && n <= 64, "must be 1 to 64"),
  DATA_DIR: z.string().min(1).default("./data"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SEED_DEMO: booleanFlag.default(true),
  /** Generate 60 days of demo checkouts into an empty order history; unset follows SEED_DEMO. */
  DEMO_HISTORY: booleanFlag.optional(),
  DEMO_HISTORY_CHECKOUTS: z.coerce
    .number({ message: "must be a number" })
    .int()
    .min(1)
    .max(5000)
    .default(200),
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
  /** The currency prices are kept in; a price missing in a cart's currency is converted from it. Unset: the first of STORE_CURRENCIES. */
  STORE_BASE_CURRENCY: z
    .string()
    .refine(isSupportedCurrency, "must be an ISO 4217 code such as USD")
    .optional(),
  /** Which price wins when several apply: `priority` (contract > group > sale > tier > base) or `lowest`. */
  PRICE_PRECEDENCE: z.enum(["priority", "lowest"]).default("priority"),
  /** Where FX rates come from: the admin-set table, or the ECB's daily reference rates (the table fills the gaps). */
  FX_PROVIDER: z.enum(["admin", "ecb"]).default("admin"),
  /** The ECB eurofxref-daily.xml address (a mirror or proxy); the ECB's own by default. */
  ECB_RATES_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Open carts idle this long expire (refuse edits); the sweep marks them. */
  CART_TTL_DAYS: z.coerce.number({ message: "must be a number" }).min(0.001).max(3650).default(30),
  /** Expired guest carts idle this long are deleted by the sweep. */
  CART_PURGE_AFTER_DAYS: z.coerce.number({ message: "must be a number" }).min(0.001).max(3650).default(90),
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
  /** The storefront's Stripe key (pk_…): with it the checkout takes cards through the Payment Element. */
  STRIPE_PUBLISHABLE_KEY: z
    .string()
    .regex(/^pk_(test|live)_\w+$/, "must be a Stripe publishable key (pk_…)")
    .optional(),
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
  /** Time-out of one outgoing webhook request; a slower endpoint counts as a failed attempt. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Attempts per webhook delivery before it is marked failed (30 s doubling to 4 h: 12 spans about 15 h). */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(12),
  /** An endpoint failing without one success for this long is disabled (and a webhook_endpoint.disabled event written). */
  WEBHOOK_DISABLE_AFTER_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(72),
  /** Encrypts webhook signing secrets at rest: 32 random bytes, base64 (`openssl rand -base64 32`). Unset: stored unencrypted. */
  WEBHOOK_SECRETS_KEY: z
    .string()
    .refine(
      (s) => Buffer.from(s, "base64").length === 32,
      "must be 32 bytes in base64 (openssl rand -base64 32)",
    )
    .transform((s) => Buffer.from(s, "base64"))
    .optional(),
  /** Enables bank transfer: the merchant's IBAN, checked (country format and check digits) at start-up. */
  BANK_TRANSFER_IBAN: z
    .string()
    .refine((s) => normalizeIban(s) !== undefined, "must be a valid IBAN, e.g. DE89 3704 0044 0532 0130 00")
    .transform((s) => normalizeIban(s)!)
    .optional(),
  /** The bank's BIC (SWIFT code); required with BANK_TRANSFER_IBAN. */
  BANK_TRANSFER_BIC: z
    .string()
    .refine(isBic, "must be a BIC (SWIFT code), e.g. COBADEFFXXX")
    .transform((s) => s.toUpperCase())
    .optional(),
  /** The account holder's name shoppers transfer to; required with BANK_TRANSFER_IBAN. */
  BANK_TRANSFER_ACCOUNT_NAME: z.string().trim().min(1).max(70).optional(),
  /** Days a bank-transfer order waits for the money before it is cancelled and its stock released. */
  BANK_TRANSFER_DUE_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** Enables purchase orders (on invoice) for customer accounts set up for them (Admin API payment terms). */
  PURCHASE_ORDERS: booleanFlag.default(false),
  /** Enables PayPal (Orders v2, authorize then capture) with the REST app's client id and secret. */
  PAYPAL_CLIENT_ID: z.string().min(1).max(200).optional(),
  PAYPAL_CLIENT_SECRET: z.string().min(1).max(200).optional(),
  /** https://api-m.paypal.com for live; the sandbox by default; a local fake in tests. */
  PAYPAL_API_URL: z.url({ protocol: /^https?$/ }).default("https://api-m.sandbox.paypal.com"),
  /** Enables POST /webhooks/paypal: the webhook's id in the PayPal app, for signature checks. */
  PAYPAL_WEBHOOK_ID: z.string().min(1).max(100).optional(),
  /** A cart with an email and lines, untouched this long, is marked abandoned (`checkout.abandoned`). */
  ABANDONED_CART_AFTER_MINUTES: z.coerce
    .number({ message: "must be a number" })
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .default(60),
  /** Cart reminders: minutes after the cart's last change for each; the count is the cap. `none`: no reminders. */
  CART_REMINDER_SCHEDULE_MINUTES: z
    .string()
    .regex(
      /^(none|\d{1,6}(,\d{1,6}){0,4})$/,
      "must be up to 5 minute counts separated by commas, e.g. 60,1440, or none",
    )
    .default("60,1440")
    .transform((s) => (s === "none" ? [] : s.split(",").map(Number)))
    .refine((m) => m.every((v, i) => v > 0 && (i === 0 || v > m[i - 1]!)), "must be increasing and above 0"),
  /** Days a reminder's restore link works. */
  CART_RESTORE_LINK_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** Percent off in a single-use code on the last reminder; 0: no code. */
  CART_REMINDER_DISCOUNT_PERCENT: z.coerce.number().int().min(0).max(90).default(0),
  /** Days that code works. */
  CART_REMINDER_DISCOUNT_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** Signs restore and unsubscribe links (HMAC); the default is for the demo only. */
  RECOVERY_LINK_SECRET: z
    .string()
    .min(32, "must be at least 32 characters")
    .default("dev-recovery-link-secret-change-me-please"),
  /** Days after delivery the review invitation goes out; 0: never. */
  REVIEW_REQUEST_AFTER_DAYS: z.coerce.number().int().min(0).max(365).default(7),
  /** Where the review invitation links (e.g. a review site); the storefront when unset. */
  REVIEW_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
});

/** Settings that only make sense together. */
function crossCheck(c: z.output<typeof schema>): string[] {
  const problems: string[] = [];
  if (c.API_PROCESSES > 1 && !c.DATABASE_URL)
    problems.push(
      `API_PROCESSES=${c.API_PROCESSES}: more than one API process needs DATABASE_URL (PostgreSQL); the embedded PGlite database belongs to a single process`,
    );
  if (c.BANK_TRANSFER_IBAN && !c.BANK_TRANSFER_BIC)
    problems.push("BANK_TRANSFER_BIC=(unset): required with BANK_TRANSFER_IBAN");
  if (Boolean(c.PAYPAL_CLIENT_ID) !== Boolean(c.PAYPAL_CLIENT_SECRET))
    problems.push("PAYPAL_CLIENT_SECRET=[redacted]: PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET go together");
  if (c.BANK_TRANSFER_IBAN && !c.BANK_TRANSFER_ACCOUNT_NAME)
    problems.push("BANK_TRANSFER_ACCOUNT_NAME=(unset): required with BANK_TRANSFER_IBAN");
  return problems;
}

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
  if (parsed.success) {
    const problems = crossCheck(parsed.data);
    if (problems.length > 0) throw new ConfigError(problems);
    return parsed.data;
  }
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
