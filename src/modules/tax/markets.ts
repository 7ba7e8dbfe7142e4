import { canadaRates } from "./data/canada-rates.ts";
import { euVatRates, isEuMemberState } from "./data/eu-vat-rates.ts";
import type { MarketRates, TaxComponentRates } from "./data/rate-table.ts";
import { type UsLocalRate, usStateRates } from "./data/us-rates.ts";
import { worldRates } from "./data/world-rates.ts";
import type { TaxCategory, TaxInput } from "./tax-provider.ts";

/**
 * The taxes levied on goods delivered to `destination`, or undefined where the built-in tables
 * have none (nothing is charged there). Destination-based throughout: in the EU this is the
 * OSS/distance-selling rule, in the US the economic-nexus rule (all states are assumed).
 */
export function findMarket(
  destination: TaxInput["destination"],
  localRates: readonly UsLocalRate[],
): MarketRates | undefined {
  const { country } = destination;
  const region = destination.region?.toUpperCase();
  if (isEuMemberState(country)) return { pricesIncludeTax: true, components: [euVatRates[country]!] };
  if (Object.hasOwn(worldRates, country)) return worldRates[country];
  if (country === "CA") {
    // An unknown province still owes the federal GST (as in Alberta and the territories).
    const components = (region && Object.hasOwn(canadaRates, region) ? canadaRates[region] : undefined) ?? [
      ...canadaRates.AB!,
    ];
    return { pricesIncludeTax: false, components };
  }
  if (country === "US") {
    const state = region ? usStateRates(region) : undefined;
    if (!state) return { pricesIncludeTax: false, components: [] };
    const zip = destination.postalCode?.trim() ?? "";
    const local = localRates
      .filter((l) => l.state === region && l.zipPrefixes.some((p) => zip.startsWith(p)))
      .map(
        (l): TaxComponentRates => ({
          jurisdiction: l.jurisdiction,
          name: l.name,
          standard: l.rate,
          products: { food: l.food ?? 0 },
          // Local taxes follow the state's treatment of delivery charges.
          shipping: state.shipping,
          source: l.source,
          effective: l.effective,
        }),
      );
    return { pricesIncludeTax: false, components: [state, ...local] };
  }
  return undefined;
}

/**
 * The rate of one component for a tax category. A level the jurisdiction lacks falls back to
 * the next higher one (super-reduced → reduced → standard), so goods are never under-taxed.
 */
export function rateFor(component: TaxComponentRates, category: TaxCategory): number {
  switch (category) {
    case "standard":
      return component.standard;
    case "reduced":
      return component.reduced ?? component.standard;
    case "super_reduced":
      return component.superReduced ?? component.reduced ?? component.standard;
    case "zero":
    case "exempt":
      return 0;
    default:
      return component.products?.[category] ?? component.standard;
  }
}
