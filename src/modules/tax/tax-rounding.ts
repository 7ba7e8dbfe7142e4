import {
  allocate,
  applyRate,
  extractInclusiveTax,
  type Money,
  type RoundingMode,
  sum,
} from "../../shared/money/index.ts";
import type { TaxRounding } from "./tax-provider.ts";

/**
 * The one place tax is rounded. Commercial rounding (half away from zero) is what the EU VAT
 * Directive's member states, HMRC, the CRA and US states expect on invoices.
 */
export const taxRoundingMode: RoundingMode = "half_up";

/**
 * Tax at one rate on several amounts of one document (the lines and shipping shares taxed at
 * this rate by one jurisdiction). `inclusive`: the amounts contain the tax and it is extracted.
 * - `line`: each amount's tax is rounded on its own.
 * - `document`: the tax of the sum is rounded once and split back over the amounts by
 *   largest remainder, so the parts add up to it exactly.
 */
export function taxAtRate(
  amounts: readonly Money[],
  ratePpm: number,
  inclusive: boolean,
  rounding: TaxRounding,
): Money[] {
  const taxOf = (m: Money) =>
    inclusive ? extractInclusiveTax(m, ratePpm, taxRoundingMode).tax : applyRate(m, ratePpm, taxRoundingMode);
  if (rounding === "line" || amounts.length <= 1) return amounts.map(taxOf);
  const total = taxOf(sum(amounts[0]!.currency, amounts));
  return allocate(
    total,
    amounts.map((a) => a.amount),
  );
}

/** The tax contained in a tax-inclusive amount, e.g. a discount's own share of VAT. */
export function includedTax(gross: Money, ratePpm: number): Money {
  return extractInclusiveTax(gross, ratePpm, taxRoundingMode).tax;
}
