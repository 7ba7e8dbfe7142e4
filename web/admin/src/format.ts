/** Display formats: Intl for every number, amount and date, in the browser's locale. */
const locale = navigator.language || "en-US";
const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string): Intl.NumberFormat {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency });
    moneyFormats.set(currency, format);
  }
  return format;
}

/** ISO 4217 minor-unit exponent as Intl knows it (JPY 0, USD 2, KWD 3). */
export const currencyExponent = (currency: string): number =>
  moneyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2;

/** Minor units to a display string; the only division by 10^exponent, for display only. */
export function formatMoney(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  return moneyFormat(currency).format(amount / 10 ** exponent);
}

export const money = (m: { amount: number; currency: string }) => formatMoney(m.amount, m.currency);

/**
 * A typed amount ("12.5", "12,50") to integer minor units, by string digits (no floating point);
 * undefined when it is not a positive amount with at most the currency's decimals.
 */
export function parseMoney(text: string, currency: string): number | undefined {
  let exponent: number;
  try {
    exponent = currencyExponent(currency);
  } catch {
    return undefined; // not a currency code Intl knows
  }
  const match = /^\s*(\d{1,12})(?:[.,](\d*))?\s*$/.exec(text);
  if (!match) return undefined;
  const fraction = match[2] ?? "";
  if (fraction.length > exponent) return undefined;
  const minor = Number(match[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || "0");
  return Number.isSafeInteger(minor) && minor > 0 ? minor : undefined;
}

/** Minor units as the plain decimal a form field shows ("12.50"). */
export function toDecimalText(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(amount);
  const digits = String(amount).padStart(exponent + 1, "0");
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
const dayOnly = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
const integer = new Intl.NumberFormat(locale);
const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
export const formatDate = (iso: string) => dateOnly.format(new Date(iso));
/** A calendar day ("2030-03-03") as written: read and shown in UTC so no time zone moves it. */
export const formatDay = (day: string) => dayOnly.format(new Date(`${day}T00:00:00Z`));
/** Today in the browser's time zone, as the ISO day a date field holds. */
export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
export const formatInteger = (n: number) => integer.format(n);
export const formatPercent = (ratio: number | null) => (ratio === null ? "–" : percent.format(ratio));

/** Seconds as "3 min 20 s" (or "45 s"); a dash when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "–";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${s % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** snake_case codes as words: "partially_refunded" → "Partially refunded". */
export function humanize(code: string): string {
  const words = code.replace(/[_.]/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const countryName = (() => {
  const names =
    typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames([locale], { type: "region" }) : null;
  return (code: string | undefined) => {
    if (!code) return "";
    try {
      return names?.of(code) ?? code;
    } catch {
      return code;
    }
  };
})();
