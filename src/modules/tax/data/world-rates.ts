import type { MarketRates } from "./rate-table.ts";

// Tax-inclusive markets outside the EU, from their tax administrations (HMRC, Skatteetaten,
// ESTV/AFC, ATO, Inland Revenue NZ, National Tax Agency JP, IRAS), in force in 2026.
export const worldRates: Record<string, MarketRates> = {
  GB: {
    pricesIncludeTax: true,
    components: [
      {
        jurisdiction: "GB",
        name: "VAT",
        standard: 200_000,
        reduced: 50_000,
        products: { books: 0, food: 0 },
        shipping: "follows_goods",
        source: "HMRC VAT rates on goods and services",
        effective: "2011-01-04",
      },
    ],
  },
  NO: {
    pricesIncludeTax: true,
    components: [
      {
        jurisdiction: "NO",
        name: "MVA",
        standard: 250_000,
        reduced: 150_000,
        products: { books: 0, food: 150_000 },
        shipping: "follows_goods",
        source: "Skatteetaten, merverdiavgift satser",
        effective: "2016-01-01",
      },
    ],
  },
  CH: {
    pricesIncludeTax: true,
    components: [
      {
        jurisdiction: "CH",
        name: "MWST",
        standard: 81_000,
        reduced: 26_000,
        products: { books: 26_000, food: 26_000 },
        shipping: "follows_goods",
        source: "ESTV/AFC, MWST-Sätze ab 2024",
        effective: "2024-01-01",
      },
    ],
  },
  AU: {
    pricesIncludeTax: true,
    components: [
      {
        jurisdiction: "AU",
        name: "GST",
        standard: 100_000,
        // Basic food is GST-free.
        products: { food: 0 },
        shipping: "follows_goods",
        source: "ATO, GST",
        effective: "2000-07-01",
      },
    ],
  },
  NZ: {
    pricesIncludeTax: true,
    components: [
      {
        jurisdiction: "NZ",
        name: "GST",
        standard: 150_000,
        shipping: "standard",
        source: "Inland Revenue NZ, GST",
        effective: "2010-10-01",
      },
    ],
  },
  JP: {
    pricesIncludeTax: true,
    components: [
      {
        jurisdiction: "JP",
        name: "Consumption tax",
        standard: 100_000,
        reduced: 80_000,
        // Food (not alcohol, not dining in) has the 8 % reduced rate; delivery fees are standard.
        products: { food: 80_000 },
        shipping: "standard",
        source: "National Tax Agency, consumption tax",
        effective: "2019-10-01",
      },
    ],
  },
  SG: {
    pricesIncludeTax: true,
    components: [
      {
        jurisdiction: "SG",
        name: "GST",
        standard: 90_000,
        shipping: "standard",
        source: "IRAS, GST rate change 2024",
        effective: "2024-01-01",
      },
    ],
  },
};
