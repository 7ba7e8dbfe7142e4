import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type OrderFacts, refundForUnits, scaleRefund } from "./refund-amounts.ts";

/** A German order: 3 tees at 19 % (tax-inclusive shelf prices) and shipping with its VAT. */
const order: OrderFacts = {
  currency: "EUR",
  lines: [
    {
      id: "ol_tee",
      sku: "TEE",
      title: "Tee",
      quantity: 3,
      subtotal: 6555,
      discount: 0,
      tax: 1245,
      taxLines: [{ jurisdiction: "DE", name: "VAT", ratePpm: 190_000, amount: 1245 }],
    },
    {
      id: "ol_book",
      sku: "BOOK",
      title: "Book",
      quantity: 1,
      subtotal: 1869,
      discount: 0,
      tax: 131,
      taxLines: [{ jurisdiction: "DE", name: "VAT", ratePpm: 70_000, amount: 131 }],
    },
  ],
  shippingName: "Standard",
  shippingNet: 412,
  taxTotal: 1454,
  breakdown: [
    { jurisdiction: "DE", name: "VAT", ratePpm: 190_000, amount: 1323 },
    { jurisdiction: "DE", name: "VAT", ratePpm: 70_000, amount: 131 },
  ],
};

describe("refund amounts", () => {
  it("gives back a line's net and tax by rate, and shipping with the tax charged on it", () => {
    const r = refundForUnits(order, [{ orderLineId: "ol_book", units: 1, alreadyRefunded: 0 }], true);
    expect(r.lines[0]).toMatchObject({ net: 1869, taxes: [{ ratePpm: 70_000, amount: 131 }] });
    expect(r.shipping).toMatchObject({ net: 412, taxes: [{ ratePpm: 190_000, amount: 78 }] });
    expect(r.taxes).toEqual([
      { jurisdiction: "DE", name: "VAT", ratePpm: 70_000, taxable: 1869, amount: 131 },
      { jurisdiction: "DE", name: "VAT", ratePpm: 190_000, taxable: 412, amount: 78 },
    ]);
    expect(r.total).toBe(1869 + 131 + 412 + 78);
  });

  it("splits a line's tax over its units by largest remainder: 12.45 over 3 is 4.15 each", () => {
    const one = refundForUnits(order, [{ orderLineId: "ol_tee", units: 1, alreadyRefunded: 0 }], false);
    expect(one.lines[0]).toMatchObject({ net: 2185, taxes: [{ amount: 415 }] });
  });

  it("adds up to exactly what the line was charged however its units come back", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 200_000 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 40 }),
        (quantity, net, tax, pieces) => {
          const facts: OrderFacts = {
            ...order,
            lines: [
              {
                id: "l",
                sku: "X",
                title: "X",
                quantity,
                subtotal: net,
                discount: 0,
                tax,
                taxLines: [{ jurisdiction: "X", name: "Tax", ratePpm: 100_000, amount: tax }],
              },
            ],
          };
          let done = 0;
          let refundedNet = 0;
          let refundedTax = 0;
          for (const piece of pieces) {
            const units = Math.min(piece, quantity - done);
            if (units === 0) break;
            const r = refundForUnits(facts, [{ orderLineId: "l", units, alreadyRefunded: done }], false);
            refundedNet += r.net;
            refundedTax += r.tax;
            done += units;
          }
          if (done < quantity) {
            const r = refundForUnits(
              facts,
              [{ orderLineId: "l", units: quantity - done, alreadyRefunded: done }],
              false,
            );
            refundedNet += r.net;
            refundedTax += r.tax;
          }
          expect(refundedNet).toBe(net);
          expect(refundedTax).toBe(tax);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("scales a partial refund so its parts add up to the amount and no part grows", () => {
    const full = refundForUnits(
      order,
      [
        { orderLineId: "ol_tee", units: 2, alreadyRefunded: 0 },
        { orderLineId: "ol_book", units: 1, alreadyRefunded: 0 },
      ],
      true,
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: full.total }), (amount) => {
        const part = scaleRefund(full, amount, "EUR");
        expect(part.total).toBe(amount);
        expect(part.net + part.tax).toBe(amount);
        expect(part.taxes.reduce((a, t) => a + t.amount, 0)).toBe(part.tax);
        part.lines.forEach((l, i) => {
          expect(l.net).toBeLessThanOrEqual(full.lines[i]!.net);
          expect(l.net).toBeGreaterThanOrEqual(0);
        });
      }),
      { numRuns: 300 },
    );
  });
});
