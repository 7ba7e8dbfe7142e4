import type { Clock } from "../../shared/clock.ts";
import type { FxQuote, FxRateProvider } from "./fx-rates.ts";

/** The European Central Bank's daily reference rates: ~30 currencies against the euro. */
export const ecbDailyRatesUrl = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml";

/** One day's reference rates: units of each currency per 1 EUR, as exact decimal strings. */
export interface EcbRates {
  asOf: Date;
  perEuro: Map<string, string>;
}

/**
 * Reads the ECB's eurofxref XML (`<Cube time="2026-06-01"><Cube currency="USD" rate="1.0823"/>`).
 * Undefined when the document has no date or no rate, so a broken download is never taken for
 * "no currencies". Pure; attribute quotes may be single or double.
 */
export function parseEcbRates(xml: string): EcbRates | undefined {
  const day = /<Cube\s+time=["'](\d{4}-\d{2}-\d{2})["']/.exec(xml)?.[1];
  if (!day) return undefined;
  const perEuro = new Map<string, string>([["EUR", "1"]]);
  for (const m of xml.matchAll(
    /<Cube\s+currency=["']([A-Z]{3})["']\s+rate=["'](\d{1,12}(?:\.\d{1,12})?)["']/g,
  ))
    perEuro.set(m[1]!, m[2]!);
  // 14:00 CET is when the ECB publishes; the day is what matters, noon UTC keeps it on that day.
  return perEuro.size > 1 ? { asOf: new Date(`${day}T12:00:00Z`), perEuro } : undefined;
}

const scale = 12;

/**
 * The rate from `base` to `quote` (units of quote per unit of base) through the euro:
 * perEuro[quote] / perEuro[base], exact to 12 decimals (half up), the precision rates are stored
 * with. Undefined when either currency is not quoted or the rate rounds to zero.
 */
export function crossRate(rates: EcbRates, base: string, quote: string): string | undefined {
  const b = rates.perEuro.get(base);
  const q = rates.perEuro.get(quote);
  if (!b || !q) return undefined;
  const [bn, bd] = ratio(b);
  const [qn, qd] = ratio(q);
  // (qn/qd) / (bn/bd) = qn·bd / (qd·bn), scaled by 10^12 and rounded half up.
  const numerator = qn * bd * 10n ** BigInt(scale);
  const denominator = qd * bn;
  const scaled = (numerator * 2n + denominator) / (denominator * 2n);
  if (scaled === 0n) return undefined;
  const digits = scaled.toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, -scale);
  const fraction = digits.slice(-scale).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}

function ratio(decimal: string): [bigint, bigint] {
  const [whole, fraction = ""] = decimal.split(".");
  return [BigInt(whole! + fraction), 10n ** BigInt(fraction.length)];
}

export interface EcbFxOptions {
  clock: Clock;
  /** Where rates for a pair come from when the ECB does not quote it or cannot be reached. */
  fallback: FxRateProvider;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  url?: string | undefined;
  /** How long one download is used; the ECB publishes once a working day. */
  maxAgeMs?: number;
  /** A download slower than this is abandoned (the cart read must not wait on it). */
  timeoutMs?: number;
}

/**
 * An FX source fed by the ECB's daily reference rates. Downloads at most once per `maxAgeMs`
 * (parallel reads share one download), keeps the last good day when the ECB cannot be reached,
 * and asks `fallback` (the admin-set table) for pairs it has no rate for. Never throws.
 */
export function createEcbFxRates(options: EcbFxOptions): FxRateProvider {
  const maxAgeMs = options.maxAgeMs ?? 60 * 60 * 1000;
  const timeoutMs = options.timeoutMs ?? 2000;
  const doFetch = options.fetch ?? fetch;
  let cached: { rates: EcbRates; fetchedAt: number } | undefined;
  let retryAfter = 0;
  let inFlight: Promise<void> | undefined;

  const refresh = async () => {
    try {
      const res = await doFetch(options.url ?? ecbDailyRatesUrl, { signal: AbortSignal.timeout(timeoutMs) });
      const rates = res.ok ? parseEcbRates(await res.text()) : undefined;
      if (rates) cached = { rates, fetchedAt: options.clock.now().getTime() };
      else retryAfter = options.clock.now().getTime() + 60_000;
    } catch {
      // Unreachable or too slow: keep the last good day, and do not hammer the ECB.
      retryAfter = options.clock.now().getTime() + 60_000;
    }
  };

  const current = async (): Promise<EcbRates | undefined> => {
    const now = options.clock.now().getTime();
    const stale = !cached || now - cached.fetchedAt >= maxAgeMs;
    if (stale && now >= retryAfter) {
      inFlight ??= refresh().finally(() => {
        inFlight = undefined;
      });
      await inFlight;
    }
    return cached?.rates;
  };

  return {
    async getRate(db, base, quote): Promise<FxQuote | null> {
      if (base === quote) return { rate: "1", asOf: new Date(0) };
      const rates = await current();
      const rate = rates && crossRate(rates, base, quote);
      return rate ? { rate, asOf: rates.asOf } : options.fallback.getRate(db, base, quote);
    },
  };
}
