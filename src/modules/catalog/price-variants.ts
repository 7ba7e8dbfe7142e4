import type { Db } from "../../shared/db/database.ts";
import { convertPrice } from "./domain/convert-price.ts";
import {
  type PricePrecedence,
  type PriceRule,
  type ResolvedPrice,
  resolvePrice,
} from "./domain/resolve-price.ts";
import { type FxRateProvider, findRoundingRule } from "./fx-rates.ts";
import { findVariantFacts, type VariantFacts } from "./variant-facts.ts";

/** How the store prices: its base currency, which rule wins, and where rates and groups come from. */
export interface PriceSettings {
  /** Prices missing in a cart's currency are converted from this one. */
  baseCurrency: string;
  precedence: PricePrecedence;
  fx: FxRateProvider;
  /** The B2B group of a customer account (wired from the customers module in app/). */
  customerGroupOf?(db: Db, customerId: string): Promise<string | null>;
  /** Whether an account has no placed order yet, for first-order offers (wired from customers). */
  isFirstOrder?(db: Db, customerId: string): Promise<boolean>;
}

/** Without settings: native prices only, priority precedence (what tests of other modules get). */
export const nativePricesOnly: PriceSettings = {
  baseCurrency: "",
  precedence: "priority",
  fx: { getRate: async () => null },
};

/** A variant's unit price for a line and why it is that. */
export interface VariantPrice {
  amount: number;
  rule: ResolvedPrice["rule"] & { label?: string };
  /** Set when the price was converted from the base currency (no price in this currency). */
  convertedFrom: { currency: string; amount: number; rate: string } | null;
}

export interface PricedVariant {
  variantId: string;
  productId: string;
  sku: string;
  productTitle: string;
  variantTitle: string;
  weightGrams: number;
  taxCategory: string;
  active: boolean;
  /** The product's categories with their ancestors, for category promotions. */
  categoryIds: string[];
  /** Null when the variant cannot be priced in the currency (no price, no rate). */
  price: VariantPrice | null;
}

/** The rate a cart uses: live from the provider, or the one locked when checkout started. */
export interface CartFx {
  baseCurrency: string;
  rate: string;
  asOf: Date;
  locked: boolean;
}

export interface PriceRequest {
  lines: readonly { variantId: string; quantity: number }[];
  currency: string;
  customerId: string | null;
  at: Date;
  /** A rate locked at checkout start replaces the provider's. */
  lockedFx?: { rate: string; at: Date } | null;
  /** Facts read earlier (outside the caller's transaction); read here when absent. */
  facts?: Map<string, VariantFacts> | undefined;
}

/**
 * Prices variants for the quantities asked, in one currency, for one buyer. A variant with a base
 * price in the currency is resolved there (its rules in that currency); otherwise it is resolved
 * in the base currency and converted at the cart's rate with the currency's rounding rule.
 * Read-only; catalog facts come cached outside a transaction (see catalog-cache.ts).
 */
export async function priceVariants(
  db: Db,
  request: PriceRequest,
  settings: PriceSettings,
): Promise<{ variants: Map<string, PricedVariant>; fx: CartFx | null }> {
  const { currency } = request;
  const base = settings.baseCurrency;
  const fx = await rateFor(db, request, settings);
  const ids = [...new Set(request.lines.map((l) => l.variantId))];
  if (ids.length === 0) return { variants: new Map(), fx };
  const facts = request.facts ?? (await findVariantFacts(db, ids));
  const group =
    request.customerId && settings.customerGroupOf
      ? await settings.customerGroupOf(db, request.customerId)
      : null;
  const customer = request.customerId ? { id: request.customerId, group } : null;
  const rounding = fx ? await findRoundingRule(db, currency) : undefined;
  const quantity = new Map(request.lines.map((l) => [l.variantId, l.quantity]));
  const resolveIn = (variant: VariantFacts, cur: string) => {
    const native = variant.prices.find((p) => p.currency === cur);
    const own: PriceRule[] = variant.rules.filter((r) => r.currency === cur);
    if (!native) return null; // rules refine a base price; without one the variant is not sold here
    return resolvePrice({
      base: native.amount,
      rules: own,
      quantity: quantity.get(variant.variantId) ?? 1,
      customer,
      at: request.at,
      precedence: settings.precedence,
    });
  };
  const out = new Map<string, PricedVariant>();
  for (const variant of facts.values()) {
    let price: VariantPrice | null = null;
    const native = resolveIn(variant, currency);
    if (native) price = { ...native, convertedFrom: null };
    else if (fx && base && base !== currency) {
      const inBase = resolveIn(variant, base);
      if (inBase)
        price = {
          amount: convertPrice(inBase.amount, base, currency, fx.rate, rounding),
          rule: inBase.rule,
          convertedFrom: { currency: base, amount: inBase.amount, rate: fx.rate },
        };
    }
    if (price && "id" in price.rule) {
      const id = price.rule.id;
      price.rule = { ...price.rule, label: variant.rules.find((r) => r.id === id)?.label ?? "" };
    }
    const { prices: _prices, rules: _rules, options: _options, ...described } = variant;
    out.set(variant.variantId, { ...described, price });
  }
  return { variants: out, fx };
}

async function rateFor(db: Db, request: PriceRequest, settings: PriceSettings): Promise<CartFx | null> {
  const base = settings.baseCurrency;
  if (!base || base === request.currency) return null;
  if (request.lockedFx)
    return { baseCurrency: base, rate: request.lockedFx.rate, asOf: request.lockedFx.at, locked: true };
  const quote = await settings.fx.getRate(db, base, request.currency);
  return quote && { baseCurrency: base, rate: quote.rate, asOf: quote.asOf, locked: false };
}
