import { describe, expect, it } from "vitest";
import { calculateTax } from "./calculate-tax.ts";
import { reverseChargeNote } from "./reverse-charge.ts";
import { aTaxInput, line } from "./tax-test-builders.ts";

describe("tax-inclusive markets (EU, UK, NO, CH, AU, NZ, JP, SG)", () => {
  it("extracts German VAT at 19 % from shelf prices and from shipping", () => {
    const r = calculateTax(aTaxInput({ country: "DE" }));
    expect(r.pricesIncludeTax).toBe(true);
    // 5200 × 19/119 = 830.25 → 830; 1650 × 19/119 = 263.4 → 263; 490 × 19/119 = 78.2 → 78
    expect(r.lines.map((l) => l.tax)).toEqual([830, 263]);
    expect(r.lines.map((l) => l.net)).toEqual([4370, 1387]);
    expect(r.shipping).toMatchObject({ net: 412, tax: 78 });
    expect(r.breakdown).toEqual([
      { jurisdiction: "DE", name: "VAT", ratePpm: 190_000, taxable: 6169, amount: 1171 },
    ]);
    expect(r.taxTotal).toBe(1171);
  });

  it("taxes books at the reduced rate and splits shipping over both rates", () => {
    const r = calculateTax(
      aTaxInput({ country: "FR" }, { lines: [line("tee", 6000), line("book", 2110, "books")] }),
    );
    expect(r.lines[1]).toMatchObject({ tax: 110, net: 2000 }); // 5.5 % of 2000
    expect(r.lines[0]).toMatchObject({ tax: 1000, net: 5000 }); // 20 % of 5000
    expect(r.breakdown.map((b) => b.ratePpm)).toEqual([200_000, 55_000]);
    expect(r.shipping.components.map((c) => c.ratePpm)).toEqual([200_000, 55_000]);
  });

  it("uses the 2025 rates of Estonia, Finland, Romania and Slovakia", () => {
    const rateIn = (country: string) => calculateTax(aTaxInput({ country })).breakdown[0]!.ratePpm;
    expect(["EE", "FI", "RO", "SK"].map(rateIn)).toEqual([240_000, 255_000, 210_000, 230_000]);
  });

  it("zero-rates food and books in the UK", () => {
    const r = calculateTax(
      aTaxInput(
        { country: "GB" },
        { currency: "GBP", lines: [line("bread", 300, "food"), line("tee", 1200)] },
      ),
    );
    expect(r.lines.map((l) => l.tax)).toEqual([0, 200]);
  });

  it.each([
    ["NO", 250_000],
    ["CH", 81_000],
    ["AU", 100_000],
    ["NZ", 150_000],
    ["JP", 100_000],
    ["SG", 90_000],
  ])("charges the standard rate in %s, tax included", (country, rate) => {
    const r = calculateTax(aTaxInput({ country }, { shipping: 0, lines: [line("a", 1_000_000)] }));
    expect(r.pricesIncludeTax).toBe(true);
    expect(r.breakdown[0]!.ratePpm).toBe(rate);
    expect(r.lines[0]!.tax + r.lines[0]!.net).toBe(1_000_000);
  });

  it("taxes food at 8 % in Japan but its delivery at the standard 10 %", () => {
    const r = calculateTax(
      aTaxInput({ country: "JP" }, { currency: "JPY", lines: [line("tea", 1080, "food")], shipping: 550 }),
    );
    expect(r.lines[0]!.tax).toBe(80);
    expect(r.shipping.tax).toBe(50);
  });
});

describe("EU reverse charge", () => {
  const b2b = (customerVatId: string, sellerCountry = "FR") =>
    calculateTax(aTaxInput({ country: "DE" }, { seller: { country: sellerCountry }, customerVatId }));

  it("charges 0 % with the legal note for a valid VAT ID of another member state, and strips VAT from the price", () => {
    const r = b2b("DE136695976");
    expect(r.reverseCharge).toBe(true);
    expect(r.taxTotal).toBe(0);
    expect(r.notes).toContain(reverseChargeNote);
    expect(r.lines.map((l) => l.net)).toEqual([4370, 1387]);
    expect(r.breakdown).toEqual([{ jurisdiction: "DE", name: "VAT", ratePpm: 0, taxable: 6169, amount: 0 }]);
  });

  it("charges VAT when buyer and seller are in the same member state", () => {
    expect(b2b("DE136695976", "DE").reverseCharge).toBe(false);
    expect(b2b("DE136695976", "DE").taxTotal).toBe(1171);
  });

  it("charges VAT and says why when the VAT ID fails its checksum", () => {
    const r = b2b("DE136695977");
    expect(r.reverseCharge).toBe(false);
    expect(r.taxTotal).toBe(1171);
    expect(r.notes[0]).toContain("not valid (checksum)");
  });

  it("does not apply to a seller outside the EU without an EU VAT ID", () => {
    expect(b2b("DE136695976", "US").reverseCharge).toBe(false);
  });
});

describe("tax-exclusive markets (US, CA)", () => {
  it("adds Ontario HST at 13 % on goods and shipping", () => {
    const r = calculateTax(aTaxInput({ country: "CA", region: "ON" }, { currency: "CAD", shipping: 500 }));
    expect(r.pricesIncludeTax).toBe(false);
    expect(r.lines.map((l) => l.tax)).toEqual([676, 215]); // 5200 × 13 %, 1650 × 13 % = 214.5 → 215
    expect(r.lines.map((l) => l.net)).toEqual([5200, 1650]);
    expect(r.shipping).toMatchObject({ net: 500, tax: 65 });
    expect(r.breakdown).toEqual([
      { jurisdiction: "CA-ON", name: "HST", ratePpm: 130_000, taxable: 7350, amount: 956 },
    ]);
  });

  it("adds GST 5 % and British Columbia PST 7 % as two taxes", () => {
    const r = calculateTax(aTaxInput({ country: "CA", region: "BC" }, { currency: "CAD", shipping: 0 }));
    expect(r.breakdown).toEqual([
      { jurisdiction: "CA", name: "GST", ratePpm: 50_000, taxable: 6850, amount: 343 },
      { jurisdiction: "CA-BC", name: "PST", ratePpm: 70_000, taxable: 6850, amount: 480 },
    ]);
    expect(r.lines[0]!.components.map((c) => c.amount)).toEqual([260, 364]);
  });

  it("charges Quebec QST at 9.975 % beside the GST", () => {
    const r = calculateTax(
      aTaxInput({ country: "CA", region: "QC" }, { shipping: 0, lines: [line("a", 10_000)] }),
    );
    expect(r.lines[0]!.components.map((c) => c.amount)).toEqual([500, 998]);
  });

  it("adds the Illinois state rate and leaves separately stated shipping untaxed there", () => {
    const r = calculateTax(
      aTaxInput({ country: "US", region: "IL", postalCode: "62701" }, { currency: "USD", shipping: 500 }),
    );
    expect(r.lines.map((l) => l.tax)).toEqual([325, 103]); // 6.25 %: 325, 103.125
    expect(r.shipping.tax).toBe(0);
    expect(r.taxTotal).toBe(428);
  });

  it("taxes shipping in Texas and adds a configured local rate in New York City", () => {
    const tx = calculateTax(
      aTaxInput(
        { country: "US", region: "TX" },
        { currency: "USD", lines: [line("a", 5000)], shipping: 1000 },
      ),
    );
    expect(tx.shipping.tax).toBe(63); // 6.25 % of 1000 = 62.5 → 63
    const nyc = calculateTax(
      aTaxInput({ country: "US", region: "NY", postalCode: "10001" }, { currency: "USD", shipping: 0 }),
    );
    expect(nyc.breakdown.map((b) => [b.jurisdiction, b.ratePpm])).toEqual([
      ["US-NY", 40_000],
      ["US-NY-NYC", 48_750],
    ]);
  });

  it("exempts groceries in most states", () => {
    const r = calculateTax(
      aTaxInput({ country: "US", region: "CA" }, { lines: [line("food", 1000, "food")], shipping: 0 }),
    );
    expect(r.taxTotal).toBe(0);
  });
});

describe("discounts, rounding and exemptions", () => {
  it("taxes the line amount after its discount", () => {
    const r = calculateTax(
      aTaxInput(
        { country: "US", region: "TX" },
        { lines: [line("a", 10_000, "standard", 2_000)], shipping: 0 },
      ),
    );
    expect(r.lines[0]).toMatchObject({ net: 10_000, discountNet: 2_000, taxable: 8_000, tax: 500 });
  });

  it("splits an inclusive discount into its net part and its VAT", () => {
    const r = calculateTax(
      aTaxInput({ country: "DE" }, { lines: [line("a", 11_900, "standard", 1_190)], shipping: 0 }),
    );
    expect(r.lines[0]).toMatchObject({ taxable: 9_000, tax: 1_710, discountNet: 1_000, net: 10_000 });
  });

  it("rounds once per document when configured, which can differ from per line", () => {
    const lines = [line("a", 10), line("b", 10), line("c", 10)];
    const perLine = calculateTax(aTaxInput({ country: "US", region: "TX" }, { lines, shipping: 0 }));
    const perDoc = calculateTax(
      aTaxInput({ country: "US", region: "TX" }, { lines, shipping: 0, rounding: "document" }),
    );
    expect(perLine.taxTotal).toBe(3); // 0.625 → 1 on each line
    expect(perDoc.taxTotal).toBe(2); // 1.875 → 2 on the document
    expect(perDoc.lines.reduce((a, l) => a + l.tax, 0)).toBe(2);
  });

  it("charges nothing on exempt and zero-rated lines", () => {
    const r = calculateTax(
      aTaxInput(
        { country: "DE" },
        { lines: [line("a", 1000, "exempt"), line("b", 1000, "zero")], shipping: 0 },
      ),
    );
    expect(r.taxTotal).toBe(0);
    expect(r.lines.map((l) => l.net)).toEqual([1000, 1000]);
  });

  it("charges nothing where it has no rates, and says so", () => {
    const r = calculateTax(aTaxInput({ country: "BR" }));
    expect(r.taxTotal).toBe(0);
    expect(r.pricesIncludeTax).toBe(false);
    expect(r.notes[0]).toContain("No tax rates");
  });
});

describe("a typical cart per country group", () => {
  it("extracts Australian GST from a tee, leaves bread GST-free, and splits shipping between them", () => {
    const r = calculateTax(
      aTaxInput(
        { country: "AU", region: "NSW", postalCode: "2000" },
        { currency: "AUD", lines: [line("tee", 5500), line("bread", 450, "food")], shipping: 990 },
      ),
    );
    // Shipping follows the goods: 990 split 5500 : 450 → 915 | 75; GST 915 / 11 = 83.18 → 83.
    expect(r.lines.map((l) => [l.net, l.tax])).toEqual([
      [5000, 500],
      [450, 0],
    ]);
    expect(r.shipping).toMatchObject({ net: 907, tax: 83 });
    expect(r.taxTotal).toBe(583);
    // What the shopper pays is the shelf price: nets + tax = 5500 + 450 + 990.
    expect(r.lines.reduce((a, l) => a + l.net + l.tax, 0) + r.shipping.net + r.shipping.tax).toBe(6940);
  });

  it("extracts New Zealand GST at 15 % from goods and from delivery", () => {
    const r = calculateTax(
      aTaxInput({ country: "NZ" }, { currency: "NZD", lines: [line("tee", 5750)], shipping: 800 }),
    );
    expect(r.lines[0]).toMatchObject({ net: 5000, tax: 750 });
    expect(r.shipping).toMatchObject({ net: 696, tax: 104 }); // 800 × 15/115 = 104.35 → 104
    expect(r.breakdown).toEqual([
      { jurisdiction: "NZ", name: "GST", ratePpm: 150_000, taxable: 5696, amount: 854 },
    ]);
  });

  it("adds New York State and City sales tax on goods and on the delivery charge", () => {
    const r = calculateTax(
      aTaxInput(
        { country: "US", region: "NY", postalCode: "10001" },
        { currency: "USD", lines: [line("tee", 5000)], shipping: 800 },
      ),
    );
    // State 4 %: 200 + 32; city 4.875 %: 243.75 → 244 and 39.
    expect(r.lines[0]!.components.map((c) => [c.jurisdiction, c.amount])).toEqual([
      ["US-NY", 200],
      ["US-NY-NYC", 244],
    ]);
    expect(r.shipping.tax).toBe(71);
    expect(r.taxTotal).toBe(515);
    expect(r.pricesIncludeTax).toBe(false);
  });

  it("keeps the Nova Scotia HST at 14 % from April 2025", () => {
    const r = calculateTax(
      aTaxInput(
        { country: "CA", region: "NS" },
        { currency: "CAD", lines: [line("tee", 5000)], shipping: 0 },
      ),
    );
    expect(r.breakdown).toEqual([
      { jurisdiction: "CA-NS", name: "HST", ratePpm: 140_000, taxable: 5000, amount: 700 },
    ]);
  });
});
