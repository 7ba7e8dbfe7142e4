import type { TaxCategory, TaxInput } from "./tax-provider.ts";

/** A typical two-line cart with shipping, shipped to `destination`; override what a test needs. */
export function aTaxInput(destination: TaxInput["destination"], overrides: Partial<TaxInput> = {}): TaxInput {
  return {
    currency: "EUR",
    seller: { country: "US" },
    destination,
    lines: [line("tee", 5200), line("mug", 1650)],
    shipping: 490,
    rounding: "line",
    ...overrides,
  };
}

export const line = (id: string, amount: number, taxCategory: TaxCategory = "standard", discount = 0) => ({
  id,
  amount,
  discount,
  taxCategory,
});
