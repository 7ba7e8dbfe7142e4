import { describe, expect, it } from "vitest";
import { type AmountsSource, shownAmounts } from "../../web/storefront/src/shown-amounts.ts";

const eur = (amount: number) => ({ amount, currency: "EUR" });

/** Decision 006's German cart: 2 tees at 26.00 and a mug at 16.50, 4.90 shipping, 19 % VAT inside. */
const berlin: AmountsSource = {
  currency: "EUR",
  pricesIncludeTax: true,
  lines: [
    { unitPrice: eur(2600), quantity: 2, subtotal: eur(4370), discount: eur(0), total: eur(5200) },
    { unitPrice: eur(1650), quantity: 1, subtotal: eur(1387), discount: eur(0), total: eur(1650) },
  ],
  totals: {
    subtotal: eur(5757),
    discountTotal: eur(0),
    shippingTotal: eur(412),
    taxTotal: eur(1171),
    total: eur(7340),
  },
  shippingTax: eur(78),
  taxBreakdown: [{ jurisdiction: "DE", name: "VAT", ratePpm: 190_000, amount: eur(1171) }],
  provisional: false,
};

const adds = (a: ReturnType<typeof shownAmounts>) =>
  a.subtotal.amount - a.discountTotal.amount + a.shipping.amount;

describe("amounts as the storefront shows them", () => {
  it("shows shelf prices and shipping with VAT where prices include it, adding up to the total", () => {
    const shown = shownAmounts(berlin);
    expect(shown.inclusive).toBe(true);
    expect(shown.lines.map((l) => l.amount)).toEqual([eur(5200), eur(1650)]);
    expect(shown.subtotal).toEqual(eur(6850));
    expect(shown.shipping).toEqual(eur(490));
    expect(adds(shown)).toBe(shown.total.amount);
  });

  it("shows a discount with its VAT where prices include it, so the rows still add up", () => {
    // 119.00 shelf, 10 % off: 11.90 off with tax, 10.00 of it net.
    const shown = shownAmounts({
      ...berlin,
      lines: [
        { unitPrice: eur(11900), quantity: 1, subtotal: eur(10000), discount: eur(1000), total: eur(10710) },
      ],
      totals: {
        subtotal: eur(10000),
        discountTotal: eur(1000),
        shippingTotal: eur(0),
        taxTotal: eur(1710),
        total: eur(10710),
      },
      shippingTax: eur(0),
    });
    expect(shown.lines).toEqual([{ amount: eur(11900), saving: eur(1190) }]);
    expect(shown.discountTotal).toEqual(eur(1190));
    expect(adds(shown)).toBe(10710);
  });

  it("shows net amounts and adds the tax where prices exclude it", () => {
    const shown = shownAmounts({ ...berlin, pricesIncludeTax: false });
    expect(shown.inclusive).toBe(false);
    expect(shown.lines.map((l) => l.amount)).toEqual([eur(4370), eur(1387)]);
    expect(shown.subtotal).toEqual(eur(5757));
    expect(shown.shipping).toEqual(eur(412));
    expect(adds(shown) + berlin.totals.taxTotal.amount).toBe(shown.total.amount);
  });

  it("shows net amounts for a reverse-charged sale in an inclusive market, where no VAT was charged", () => {
    const shown = shownAmounts({
      ...berlin,
      lines: berlin.lines.map((l) => ({ ...l, total: l.subtotal })),
      totals: { ...berlin.totals, taxTotal: eur(0), total: eur(6169) },
      shippingTax: eur(0),
      taxBreakdown: [],
    });
    expect(shown.inclusive).toBe(false);
    expect(shown.subtotal).toEqual(eur(5757));
    expect(adds(shown)).toBe(6169);
  });
});
