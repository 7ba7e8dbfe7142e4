import { allocate, type Money, money } from "../../shared/money/index.ts";
import type { TaxComponentRates } from "./data/rate-table.ts";
import { type UsLocalRate, usLocalRates } from "./data/us-rates.ts";
import { findMarket, rateFor } from "./markets.ts";
import { decideReverseCharge } from "./reverse-charge.ts";
import type {
  TaxBreakdownEntry,
  TaxComponentAmount,
  TaxedItem,
  TaxInput,
  TaxProvider,
  TaxResult,
} from "./tax-provider.ts";
import { includedTax, taxAtRate } from "./tax-rounding.ts";

/** One amount taxed by one component at one rate: a line, or a line's share of shipping. */
interface Unit {
  /** Index into the lines; `lines.length` is the shipping. */
  item: number;
  component: TaxComponentRates;
  ratePpm: number;
  gross: Money;
  /** Tax at `ratePpm` (extracted in inclusive markets), before any reverse charge. */
  tax: number;
}

/**
 * The built-in tax engine: destination rates from the tables in data/, taxes on line amounts
 * after discounts and on shipping as the jurisdiction treats it, rounded per `input.rounding`,
 * with EU reverse charge. Pure and synchronous; throws RangeError on malformed amounts.
 */
export function calculateTax(
  input: TaxInput,
  options: { localRates?: readonly UsLocalRate[] } = {},
): TaxResult {
  const currency = input.currency;
  const market = findMarket(input.destination, options.localRates ?? usLocalRates);
  const inclusive = market?.pricesIncludeTax ?? false;
  const components = market?.components ?? [];
  // Extracting each component from the same gross is only exact for one tax per price.
  if (inclusive && components.length > 1) throw new RangeError("Inclusive markets levy one tax per price");
  const reverse = decideReverseCharge(input);

  const after = input.lines.map((l) => {
    if (!Number.isSafeInteger(l.discount) || l.discount < 0 || l.discount > l.amount) {
      throw new RangeError(`Line ${l.id}: discount must be between 0 and the line amount`);
    }
    return money(l.amount - l.discount, currency);
  });
  const shipping = money(input.shipping, currency);
  if (shipping.amount < 0) throw new RangeError("Shipping must not be negative");

  const units = buildUnits(input, components, after, shipping);
  const groups = groupBy(units, (u) => `${u.component.jurisdiction}|${u.ratePpm}`);
  for (const group of groups.values()) {
    const taxes = taxAtRate(
      group.map((u) => u.gross),
      group[0]!.ratePpm,
      inclusive,
      input.rounding,
    );
    group.forEach((u, i) => {
      u.tax = taxes[i]!.amount;
    });
  }

  const charged = (u: Unit) => (reverse.applies ? 0 : u.tax);
  const chargedRate = (u: Unit) => (reverse.applies ? 0 : u.ratePpm);
  const taxableOf = (u: Unit) => u.gross.amount - (inclusive ? u.tax : 0);

  const itemOf = (index: number, gross: Money, discount: number): TaxedItem => {
    const own = units.filter((u) => u.item === index);
    const contained = inclusive ? own.reduce((a, u) => a + u.tax, 0) : 0;
    const taxable = gross.amount - contained;
    const lineRate = own.reduce((a, u) => a + u.ratePpm, 0);
    const discountNet =
      inclusive && discount > 0
        ? discount - includedTax(money(discount, currency), lineRate).amount
        : discount;
    const componentsOf = groupBy(own, (u) => `${u.component.jurisdiction}|${chargedRate(u)}`);
    return {
      net: taxable + discountNet,
      discountNet,
      taxable,
      tax: own.reduce((a, u) => a + charged(u), 0),
      components: [...componentsOf.values()].map(
        (g): TaxComponentAmount => ({
          jurisdiction: g[0]!.component.jurisdiction,
          name: g[0]!.component.name,
          ratePpm: chargedRate(g[0]!),
          amount: g.reduce((a, u) => a + charged(u), 0),
        }),
      ),
    };
  };

  const lines = input.lines.map((l, i) => ({ id: l.id, ...itemOf(i, after[i]!, l.discount) }));
  const shippingItem = itemOf(input.lines.length, shipping, 0);
  const breakdown = [...groupBy(units, (u) => `${u.component.jurisdiction}|${chargedRate(u)}`).values()]
    .map(
      (g): TaxBreakdownEntry => ({
        jurisdiction: g[0]!.component.jurisdiction,
        name: g[0]!.component.name,
        ratePpm: chargedRate(g[0]!),
        taxable: g.reduce((a, u) => a + taxableOf(u), 0),
        amount: g.reduce((a, u) => a + charged(u), 0),
      }),
    )
    .sort((a, b) => a.jurisdiction.localeCompare(b.jurisdiction) || b.ratePpm - a.ratePpm);

  const notes: string[] = [];
  if (reverse.note) notes.push(reverse.note);
  if (!market || components.length === 0) {
    notes.push(`No tax rates are configured for ${input.destination.country}; no tax is charged.`);
  }
  return {
    currency,
    pricesIncludeTax: inclusive,
    rounding: input.rounding,
    lines,
    shipping: shippingItem,
    breakdown,
    taxTotal: breakdown.reduce((a, b) => a + b.amount, 0),
    reverseCharge: reverse.applies,
    notes,
    provider: "builtin",
    fallback: false,
  };
}

/** Groups in first-seen order (Map.groupBy is not in Node 20). */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function buildUnits(
  input: TaxInput,
  components: readonly TaxComponentRates[],
  after: readonly Money[],
  shipping: Money,
): Unit[] {
  const shippingItem = input.lines.length;
  // Shipping that follows the goods is split over the lines by their amounts after discount.
  const shares =
    shipping.amount > 0 && after.length > 0
      ? allocate(
          shipping,
          after.map((a) => a.amount),
        )
      : [];
  const units: Unit[] = [];
  for (const component of components) {
    input.lines.forEach((line, i) => {
      units.push({
        item: i,
        component,
        ratePpm: rateFor(component, line.taxCategory),
        gross: after[i]!,
        tax: 0,
      });
    });
    if (shipping.amount === 0) continue;
    if (component.shipping === "follows_goods" && shares.length > 0) {
      shares.forEach((share, i) => {
        const ratePpm = rateFor(component, input.lines[i]!.taxCategory);
        units.push({ item: shippingItem, component, ratePpm, gross: share, tax: 0 });
      });
    } else {
      const ratePpm = component.shipping === "exempt" ? 0 : component.standard;
      units.push({ item: shippingItem, component, ratePpm, gross: shipping, tax: 0 });
    }
  }
  return units;
}

/** The built-in provider: the tables in data/, no I/O, so it answers at once and never fails. */
export function createBuiltinTaxProvider(options: { localRates?: readonly UsLocalRate[] } = {}): TaxProvider {
  return {
    name: "builtin",
    calculate: async (input) => calculateTax(input, options),
  };
}
