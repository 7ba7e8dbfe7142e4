import type { TaxComponentRates } from "./rate-table.ts";

// US sales tax is exclusive of the shelf price and levied by states and localities. The base
// (statewide) rates below are those in force on 2026-01-01 per the state revenue departments;
// where a local rate is due everywhere in a state (UT 1.25 %, VA 1 %) it is included. Local
// rates vary by address: `usLocalRates` adds the ones a merchant configures, and an external
// provider should be used for full rooftop accuracy.
const source = "State departments of revenue, statewide sales tax rates";
const effective = "2026-01-01";

interface StateRate {
  rate: number;
  /** Groceries: exempt unless listed (a few states tax them, some at a lower rate). */
  food?: number;
  /** Separately stated delivery charges are taxable in this state. */
  taxesShipping?: boolean;
}

const states: Record<string, StateRate> = {
  AL: { rate: 40_000, food: 20_000 },
  AK: { rate: 0 },
  AZ: { rate: 56_000 },
  AR: { rate: 65_000, taxesShipping: true },
  CA: { rate: 72_500 },
  CO: { rate: 29_000 },
  CT: { rate: 63_500, taxesShipping: true },
  DE: { rate: 0 },
  DC: { rate: 60_000, taxesShipping: true },
  FL: { rate: 60_000 },
  GA: { rate: 40_000, taxesShipping: true },
  HI: { rate: 40_000, food: 40_000, taxesShipping: true },
  ID: { rate: 60_000, food: 60_000 },
  IL: { rate: 62_500 },
  IN: { rate: 70_000, taxesShipping: true },
  IA: { rate: 60_000 },
  KS: { rate: 65_000, taxesShipping: true },
  KY: { rate: 60_000, taxesShipping: true },
  LA: { rate: 50_000 },
  ME: { rate: 55_000 },
  MD: { rate: 60_000 },
  MA: { rate: 62_500 },
  MI: { rate: 60_000, taxesShipping: true },
  MN: { rate: 68_750, taxesShipping: true },
  MS: { rate: 70_000, food: 50_000, taxesShipping: true },
  MO: { rate: 42_250 },
  MT: { rate: 0 },
  NE: { rate: 55_000, taxesShipping: true },
  NV: { rate: 68_500 },
  NH: { rate: 0 },
  NJ: { rate: 66_250, taxesShipping: true },
  NM: { rate: 48_750, taxesShipping: true },
  NY: { rate: 40_000, taxesShipping: true },
  NC: { rate: 47_500, taxesShipping: true },
  ND: { rate: 50_000, taxesShipping: true },
  OH: { rate: 57_500, taxesShipping: true },
  OK: { rate: 45_000 },
  OR: { rate: 0 },
  PA: { rate: 60_000, taxesShipping: true },
  RI: { rate: 70_000, taxesShipping: true },
  SC: { rate: 60_000, taxesShipping: true },
  SD: { rate: 42_000, food: 42_000, taxesShipping: true },
  TN: { rate: 70_000, food: 40_000, taxesShipping: true },
  TX: { rate: 62_500, taxesShipping: true },
  UT: { rate: 61_000, food: 30_000 },
  VT: { rate: 60_000, taxesShipping: true },
  VA: { rate: 53_000, food: 10_000 },
  WA: { rate: 65_000, taxesShipping: true },
  WV: { rate: 60_000, taxesShipping: true },
  WI: { rate: 50_000, taxesShipping: true },
  WY: { rate: 40_000 },
};

/** The statewide sales tax for a destination state, or undefined for an unknown state code. */
export function usStateRates(state: string): TaxComponentRates | undefined {
  const s = Object.hasOwn(states, state) ? states[state] : undefined;
  if (!s) return undefined;
  return {
    jurisdiction: `US-${state}`,
    name: "Sales tax",
    standard: s.rate,
    products: { food: s.food ?? 0 },
    shipping: s.taxesShipping ? "follows_goods" : "exempt",
    source,
    effective,
  };
}

/** A local sales tax added on top of the state rate for ZIP codes starting with a prefix. */
export interface UsLocalRate {
  state: string;
  zipPrefixes: readonly string[];
  jurisdiction: string;
  name: string;
  rate: number;
  /** Groceries are taxed locally at this rate (often 0). */
  food?: number;
  source: string;
  effective: string;
}

// An example table for two large cities; merchants extend it (or use an external provider).
export const usLocalRates: readonly UsLocalRate[] = [
  {
    state: "NY",
    // New York City: 4.5 % city tax plus 0.375 % Metropolitan Commuter Transportation District.
    zipPrefixes: ["100", "101", "102", "103", "104", "112"],
    jurisdiction: "US-NY-NYC",
    name: "New York City sales tax",
    rate: 48_750,
    source: "NYS Department of Taxation and Finance, Pub 718",
    effective: "2009-08-01",
  },
  {
    state: "IL",
    // Chicago: 10.25 % combined (city, county, RTA) less the 6.25 % state rate.
    zipPrefixes: ["606"],
    jurisdiction: "US-IL-CHICAGO",
    name: "Chicago local sales tax",
    rate: 40_000,
    food: 10_000,
    source: "Illinois Department of Revenue, tax rate database",
    effective: "2021-07-01",
  },
];
