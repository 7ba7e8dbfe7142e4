import type { TaxComponentRates } from "./rate-table.ts";

// Canada taxes exclusive of the shelf price: the federal GST everywhere, replaced by one
// harmonized HST in the Atlantic provinces and Ontario, with a separate provincial sales tax
// (PST/RST/QST) in BC, MB, SK and QC. Source: Canada Revenue Agency GST/HST rates and the
// provincial finance ministries, in force in 2026. Basic groceries are zero-rated.
const cra = "Canada Revenue Agency, GST/HST rates";

const gst: TaxComponentRates = {
  jurisdiction: "CA",
  name: "GST",
  standard: 50_000,
  products: { food: 0 },
  shipping: "follows_goods",
  source: cra,
  effective: "2008-01-01",
};

// Printed books get a point-of-sale rebate of the provincial part of the HST, leaving 5 %.
const hst = (province: string, standard: number, effective: string): TaxComponentRates => ({
  jurisdiction: `CA-${province}`,
  name: "HST",
  standard,
  products: { food: 0, books: 50_000 },
  shipping: "follows_goods",
  source: cra,
  effective,
});

const pst = (
  province: string,
  name: string,
  standard: number,
  source: string,
  effective: string,
): TaxComponentRates => ({
  jurisdiction: `CA-${province}`,
  name,
  standard,
  products: { food: 0, books: 0 },
  shipping: "follows_goods",
  source,
  effective,
});

/** The components charged per destination province (ISO 3166-2 subdivision code). */
export const canadaRates: Record<string, TaxComponentRates[]> = {
  ON: [hst("ON", 130_000, "2010-07-01")],
  // Nova Scotia lowered its HST from 15 % to 14 % on 1 April 2025.
  NS: [hst("NS", 140_000, "2025-04-01")],
  NB: [hst("NB", 150_000, "2016-07-01")],
  NL: [hst("NL", 150_000, "2016-07-01")],
  PE: [hst("PE", 150_000, "2016-10-01")],
  BC: [gst, pst("BC", "PST", 70_000, "BC Ministry of Finance, PST", "2013-04-01")],
  MB: [gst, pst("MB", "RST", 70_000, "Manitoba Finance, RST", "2019-07-01")],
  SK: [gst, pst("SK", "PST", 60_000, "Saskatchewan Finance, PST", "2017-03-23")],
  QC: [gst, pst("QC", "QST", 99_750, "Revenu Québec, QST", "2013-01-01")],
  AB: [gst],
  NT: [gst],
  NU: [gst],
  YT: [gst],
};
