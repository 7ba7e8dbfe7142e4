import type { Money } from "./api/types.ts";

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string, locale?: string): Intl.NumberFormat {
  const key = `${locale ?? ""}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: "currency", currency });
    formatters.set(key, f);
  }
  return f;
}

/**
 * The currency's minor-unit exponent as Intl knows it (ISO 4217: USD 2, JPY 0, KWD 3), so amounts
 * are never divided by a hard-coded 100.
 */
export function minorUnitExponent(currency: string): number {
  return formatterFor(currency, "en").resolvedOptions().maximumFractionDigits ?? 2;
}

/** Formats integer minor units for display in the shopper's locale. */
export function formatMoney(money: Money, locale?: string): string {
  const exponent = minorUnitExponent(money.currency);
  // Scaling by a power of ten built from the exponent keeps JPY (0) and KWD (3) exact.
  const major = money.amount / 10 ** exponent;
  return formatterFor(money.currency, locale).format(major);
}

/** a − b in one currency; mixing currencies is a bug, so it throws rather than guess. */
export function subtractMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(`cannot subtract ${b.currency} from ${a.currency}`);
  return { amount: a.amount - b.amount, currency: a.currency };
}
