import { allocate, money } from "../../../shared/money/index.ts";

/** What the refund math needs of one order line (its snapshot, net of tax, see decision 006). */
export interface OrderLineFacts {
  id: string;
  sku: string;
  title: string;
  quantity: number;
  subtotal: number;
  discount: number;
  tax: number;
  taxLines: { jurisdiction: string; name: string; ratePpm: number; amount: number }[];
}

export interface OrderFacts {
  currency: string;
  lines: OrderLineFacts[];
  shippingName: string;
  shippingNet: number;
  taxTotal: number;
  /** The order's tax per jurisdiction and rate, goods and shipping together. */
  breakdown: { jurisdiction: string; name: string; ratePpm: number; amount: number }[];
}

export interface TaxPart {
  jurisdiction: string;
  name: string;
  ratePpm: number;
  amount: number;
}

export interface RefundPart {
  net: number;
  taxes: TaxPart[];
}

export interface RefundBreakdown {
  lines: (RefundPart & { orderLineId: string; sku: string; title: string; quantity: number })[];
  shipping: (RefundPart & { name: string }) | null;
  taxes: { jurisdiction: string; name: string; ratePpm: number; taxable: number; amount: number }[];
  net: number;
  tax: number;
  total: number;
}

/**
 * What returning `units` of some lines gives back, from the order snapshot. A line's net and each
 * of its charged taxes are split over its units by largest remainder (shared/money), and units
 * `[alreadyRefunded, alreadyRefunded + units)` take their own parts: however a line is returned
 * in pieces, the pieces add up to exactly what was charged, tax rounding included. Shipping, when
 * asked for, is the order's shipping net plus the tax charged on it (the breakdown minus the
 * lines' taxes, per rate).
 */
export function refundForUnits(
  order: OrderFacts,
  returned: { orderLineId: string; units: number; alreadyRefunded: number }[],
  includeShipping: boolean,
): RefundBreakdown {
  const lines = returned
    .filter((r) => r.units > 0)
    .map((r) => {
      const line = order.lines.find((l) => l.id === r.orderLineId);
      if (!line) throw new RangeError(`no order line ${r.orderLineId}`);
      if (r.alreadyRefunded + r.units > line.quantity)
        throw new RangeError(`more units than ${line.sku} had`);
      const slice = (amount: number) =>
        unitSlice(amount, order.currency, line.quantity, r.alreadyRefunded, r.units);
      const taxLines =
        line.taxLines.length > 0
          ? line.taxLines
          : line.tax > 0
            ? [{ jurisdiction: "", name: "Tax", ratePpm: 0, amount: line.tax }]
            : [];
      return {
        orderLineId: line.id,
        sku: line.sku,
        title: line.title,
        quantity: r.units,
        net: slice(line.subtotal - line.discount),
        taxes: taxLines.map((t) => ({ ...t, amount: slice(t.amount) })).filter((t) => t.amount > 0),
      };
    });
  const shipping = includeShipping ? { name: order.shippingName, ...shippingPart(order) } : null;
  return summarize(lines, shipping);
}

/**
 * The same refund scaled down to `amount` (a partial refund): every net and tax part gets its
 * largest-remainder share, so the parts still add up to `amount` and tax stays in proportion.
 */
export function scaleRefund(full: RefundBreakdown, amount: number, currency: string): RefundBreakdown {
  if (amount === full.total) return full;
  if (amount < 0 || amount > full.total) throw new RangeError("partial amount out of range");
  const parts = [...full.lines, ...(full.shipping ? [full.shipping] : [])];
  const weights = parts.flatMap((p) => [p.net, ...p.taxes.map((t) => t.amount)]);
  const shares = allocate(money(amount, currency), weights).map((m) => m.amount);
  let i = 0;
  const scale = <T extends RefundPart>(p: T): T => ({
    ...p,
    net: shares[i++]!,
    taxes: p.taxes.map((t) => ({ ...t, amount: shares[i++]! })),
  });
  const lines = full.lines.map(scale);
  const shipping = full.shipping ? scale(full.shipping) : null;
  return summarize(lines, shipping);
}

function summarize(lines: RefundBreakdown["lines"], shipping: RefundBreakdown["shipping"]): RefundBreakdown {
  const parts: RefundPart[] = [...lines, ...(shipping ? [shipping] : [])];
  const byRate = new Map<string, RefundBreakdown["taxes"][number]>();
  for (const p of parts)
    for (const t of p.taxes) {
      const key = `${t.jurisdiction}|${t.ratePpm}|${t.name}`;
      const entry = byRate.get(key) ?? { ...t, taxable: 0, amount: 0 };
      entry.amount += t.amount;
      entry.taxable += p.net;
      byRate.set(key, entry);
    }
  const net = parts.reduce((a, p) => a + p.net, 0);
  const tax = parts.reduce((a, p) => a + p.taxes.reduce((b, t) => b + t.amount, 0), 0);
  return { lines, shipping, taxes: [...byRate.values()], net, tax, total: net + tax };
}

/** Sum of the parts of units [from, from + count) when `amount` is split over `quantity` units. */
function unitSlice(amount: number, currency: string, quantity: number, from: number, count: number): number {
  const parts = allocate(money(amount, currency), new Array<number>(quantity).fill(1));
  return parts.slice(from, from + count).reduce((a, p) => a + p.amount, 0);
}

/** Shipping's net and, per rate, the tax the order charged on it. */
function shippingPart(order: OrderFacts): RefundPart {
  const lineTaxTotal = order.lines.reduce((a, l) => a + l.tax, 0);
  const shippingTax = order.taxTotal - lineTaxTotal;
  const taxes: TaxPart[] = [];
  for (const b of order.breakdown) {
    const onLines = order.lines
      .flatMap((l) => l.taxLines)
      .filter((t) => t.jurisdiction === b.jurisdiction && t.ratePpm === b.ratePpm)
      .reduce((a, t) => a + t.amount, 0);
    if (b.amount - onLines > 0) taxes.push({ ...b, amount: b.amount - onLines });
  }
  // Without a breakdown (orders from before tax), the rest of the tax total is shipping's.
  const known = taxes.reduce((a, t) => a + t.amount, 0);
  if (known !== shippingTax && shippingTax > 0) {
    return {
      net: order.shippingNet,
      taxes: [{ jurisdiction: "", name: "Tax", ratePpm: 0, amount: shippingTax }],
    };
  }
  return { net: order.shippingNet, taxes };
}
