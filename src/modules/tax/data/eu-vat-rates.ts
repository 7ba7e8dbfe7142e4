import type { ProductCategory, TaxComponentRates } from "./rate-table.ts";

// Destination VAT rates of the 27 EU member states, as published in the European Commission's
// "Taxes in Europe" database (TEDB) and the member states' tax administrations, in force in 2026.
// `books` means printed books; `food` means foodstuffs for human consumption in general (some
// countries tax basic staples lower still: pick `super_reduced` for those products).
const source = "European Commission TEDB / national tax administrations, 2026";

type Products = Partial<Record<ProductCategory, number>>;

function vat(
  jurisdiction: string,
  effective: string,
  standard: number,
  lower: { reduced?: number; superReduced?: number },
  products: Products,
): TaxComponentRates {
  return {
    jurisdiction,
    name: "VAT",
    standard,
    ...lower,
    products,
    shipping: "follows_goods",
    source,
    effective,
  };
}

export const euMemberStates = [
  "AT",
  "BE",
  "BG",
  "HR",
  "CY",
  "CZ",
  "DK",
  "EE",
  "FI",
  "FR",
  "DE",
  "GR",
  "HU",
  "IE",
  "IT",
  "LV",
  "LT",
  "LU",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SK",
  "SI",
  "ES",
  "SE",
] as const;

export const isEuMemberState = (country: string): boolean =>
  (euMemberStates as readonly string[]).includes(country);

export const euVatRates: Record<string, TaxComponentRates> = {
  AT: vat("AT", "2016-01-01", 200_000, { reduced: 100_000 }, { books: 100_000, food: 100_000 }),
  BE: vat("BE", "1996-01-01", 210_000, { reduced: 60_000 }, { books: 60_000, food: 60_000 }),
  BG: vat("BG", "2023-01-01", 200_000, { reduced: 90_000 }, { books: 90_000 }),
  HR: vat("HR", "2023-04-01", 250_000, { reduced: 130_000 }, { books: 50_000, food: 50_000 }),
  CY: vat("CY", "2014-01-13", 190_000, { reduced: 90_000 }, { books: 50_000, food: 50_000 }),
  CZ: vat("CZ", "2024-01-01", 210_000, { reduced: 120_000 }, { books: 0, food: 120_000 }),
  DK: vat("DK", "1992-01-01", 250_000, {}, {}),
  EE: vat("EE", "2025-07-01", 240_000, { reduced: 90_000 }, { books: 90_000 }),
  FI: vat("FI", "2025-01-01", 255_000, { reduced: 140_000 }, { books: 140_000, food: 140_000 }),
  FR: vat(
    "FR",
    "2014-01-01",
    200_000,
    { reduced: 100_000, superReduced: 21_000 },
    { books: 55_000, food: 55_000 },
  ),
  DE: vat("DE", "2021-01-01", 190_000, { reduced: 70_000 }, { books: 70_000, food: 70_000 }),
  GR: vat("GR", "2016-06-01", 240_000, { reduced: 130_000 }, { books: 60_000, food: 130_000 }),
  HU: vat("HU", "2012-01-01", 270_000, { reduced: 180_000 }, { books: 50_000, food: 180_000 }),
  IE: vat("IE", "2021-03-01", 230_000, { reduced: 135_000, superReduced: 48_000 }, { books: 0, food: 0 }),
  IT: vat(
    "IT",
    "2013-10-01",
    220_000,
    { reduced: 100_000, superReduced: 40_000 },
    { books: 40_000, food: 100_000 },
  ),
  LV: vat("LV", "2024-01-01", 210_000, { reduced: 120_000 }, { books: 50_000 }),
  LT: vat("LT", "2009-09-01", 210_000, { reduced: 90_000 }, { books: 90_000 }),
  LU: vat(
    "LU",
    "2024-01-01",
    170_000,
    { reduced: 80_000, superReduced: 30_000 },
    { books: 30_000, food: 30_000 },
  ),
  MT: vat("MT", "2011-01-01", 180_000, { reduced: 70_000 }, { books: 50_000, food: 0 }),
  NL: vat("NL", "2019-01-01", 210_000, { reduced: 90_000 }, { books: 90_000, food: 90_000 }),
  PL: vat("PL", "2011-01-01", 230_000, { reduced: 80_000 }, { books: 50_000, food: 50_000 }),
  PT: vat("PT", "2011-01-01", 230_000, { reduced: 130_000 }, { books: 60_000, food: 60_000 }),
  RO: vat("RO", "2025-08-01", 210_000, { reduced: 110_000 }, { books: 110_000, food: 110_000 }),
  SK: vat("SK", "2025-01-01", 230_000, { reduced: 190_000 }, { books: 50_000, food: 50_000 }),
  SI: vat("SI", "2013-07-01", 220_000, { reduced: 95_000 }, { books: 50_000, food: 95_000 }),
  ES: vat(
    "ES",
    "2012-09-01",
    210_000,
    { reduced: 100_000, superReduced: 40_000 },
    { books: 40_000, food: 100_000 },
  ),
  // Sweden halved the food rate from 12 % to 6 % from 1 April 2026 (temporary, to end-2027).
  SE: vat("SE", "2026-04-01", 250_000, { reduced: 120_000 }, { books: 60_000, food: 60_000 }),
};
