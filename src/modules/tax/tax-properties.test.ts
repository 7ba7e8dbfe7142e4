import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calculateTax } from "./calculate-tax.ts";
import { type TaxInput, taxCategories } from "./tax-provider.ts";

// Destinations covering inclusive, exclusive, multi-component, local and untaxed markets, with
// currencies of exponent 0 (JPY), 2 (EUR, CAD, USD) and 3 (KWD).
const destinations: TaxInput["destination"][] = [
  { country: "DE" },
  { country: "FR" },
  { country: "JP" },
  { country: "GB" },
  { country: "CA", region: "BC" },
  { country: "CA", region: "QC" },
  { country: "US", region: "NY", postalCode: "10001" },
  { country: "US", region: "TX" },
  { country: "BR" },
];

const input = fc
  .record({
    destination: fc.constantFrom(...destinations),
    currency: fc.constantFrom("JPY", "EUR", "USD", "KWD"),
    rounding: fc.constantFrom("line" as const, "document" as const),
    customerVatId: fc.constantFrom(undefined, "DE136695976", "FR40303265045"),
    shipping: fc.integer({ min: 0, max: 100_000 }),
    lines: fc.array(
      fc
        .record({
          amount: fc.integer({ min: 0, max: 10_000_000 }),
          discountShare: fc.integer({ min: 0, max: 100 }),
          taxCategory: fc.constantFrom(...taxCategories),
        })
        .map(({ amount, discountShare, taxCategory }) => ({
          amount,
          discount: Math.floor((amount * discountShare) / 100),
          taxCategory,
        })),
      { minLength: 0, maxLength: 8 },
    ),
  })
  .map(
    (r): TaxInput => ({
      ...r,
      seller: { country: "FR" },
      lines: r.lines.map((l, i) => ({ id: `l${i}`, ...l })),
    }),
  );

describe("tax engine properties", () => {
  it("keeps net − discount + tax equal to the shelf amount after discount in inclusive markets", () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = calculateTax(i);
        if (!r.pricesIncludeTax || r.reverseCharge) return;
        i.lines.forEach((l, n) => {
          const t = r.lines[n]!;
          expect(t.taxable + t.tax).toBe(l.amount - l.discount);
          expect(t.net - t.discountNet).toBe(t.taxable);
        });
        expect(r.shipping.taxable + r.shipping.tax).toBe(i.shipping);
      }),
      { numRuns: 500 },
    );
  });

  it("leaves net amounts untouched in exclusive markets and adds tax on top", () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = calculateTax(i);
        if (r.pricesIncludeTax) return;
        i.lines.forEach((l, n) => {
          expect(r.lines[n]).toMatchObject({
            net: l.amount,
            discountNet: l.discount,
            taxable: l.amount - l.discount,
          });
        });
        expect(r.shipping.net).toBe(i.shipping);
      }),
      { numRuns: 500 },
    );
  });

  it("adds up: items to the total, breakdown to the total, every amount non-negative", () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = calculateTax(i);
        const itemTax = r.lines.reduce((a, l) => a + l.tax, 0) + r.shipping.tax;
        expect(itemTax).toBe(r.taxTotal);
        expect(r.breakdown.reduce((a, b) => a + b.amount, 0)).toBe(r.taxTotal);
        for (const item of [...r.lines, r.shipping]) {
          expect(item.components.reduce((a, c) => a + c.amount, 0)).toBe(item.tax);
          for (const v of [item.net, item.discountNet, item.taxable, item.tax]) {
            expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
          }
          expect(item.discountNet).toBeLessThanOrEqual(item.net);
        }
        if (r.reverseCharge) expect(r.taxTotal).toBe(0);
      }),
      { numRuns: 500 },
    );
  });
});
