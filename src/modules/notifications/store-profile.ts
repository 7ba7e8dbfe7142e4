import { currencyExponent, toDecimalString } from "../../shared/money/index.ts";

/** Who the seller is and how its documents look; chosen in app/ from config. */
export interface StoreProfile {
  name: string;
  /** Postal address, one entry per line. */
  address: string[];
  vatId?: string | undefined;
  /** BCP 47, e.g. en-US or de-DE: money, dates and numbers in emails and receipts. */
  locale: string;
  /** Brand colour (#rrggbb) for email headers and the receipt's title. */
  color: string;
  /** Where the storefront lives: the status page link is built on it. */
  url: string;
  /** Sender of emails, e.g. `Shop <orders@shop.example>`. */
  mailFrom: string;
}

/**
 * Money for people, in the store's locale. Intl gets the exact decimal string, never a float:
 * 0.1 + 0.2 style errors cannot reach a receipt (G1).
 */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const format = cached(`money ${locale} ${currency}`, () => {
    const exponent = currencyExponent(currency);
    return new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
  });
  // Intl takes a decimal string as an exact value; the DOM lib types only know numbers.
  const decimal = toDecimalString({ amount, currency }) as unknown as number;
  return format.format(decimal);
}

/** A calendar day (ISO date or instant) for people; UTC so a document reads the same anywhere. */
export function formatDate(value: Date | string, locale: string): string {
  const at = typeof value === "string" ? new Date(`${value.slice(0, 10)}T00:00:00Z`) : value;
  return cached(
    `date ${locale}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }),
  ).format(at);
}

/** A tax rate in parts per million as a percentage, e.g. 62500 → "6.25 %" (locale-formatted). */
export function formatRate(ratePpm: number, locale: string): string {
  const whole = Math.trunc(ratePpm / 10_000);
  const fraction = String(ratePpm % 10_000)
    .padStart(4, "0")
    .replace(/0+$/, "");
  const decimal = fraction ? `${whole}.${fraction}` : String(whole);
  const format = cached(`rate ${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }));
  return `${format.format(decimal as unknown as number)} %`;
}

/**
 * Formatters by locale and kind: building one loads ICU data and costs far more than formatting,
 * and an order confirmation with its receipt formats dozens of amounts. A store has one locale and
 * a few currencies, so the map stays small.
 */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let format = formatters.get(key) as F | undefined;
  if (!format) {
    format = make();
    formatters.set(key, format);
  }
  return format;
}
