import { z } from "zod";
import { moneySchema } from "../../http/schemas.ts";
import { addressSchema } from "./address.schema.ts";
import type { PricedCart } from "./price-cart.ts";

const m = (amount: number, currency: string) => ({ amount, currency });

export const deliveryEstimateSchema = z
  .object({ earliest: z.string(), latest: z.string() })
  .nullable()
  .describe("Expected delivery window (ISO dates, inclusive) for an order placed now.");

const taxLineSchema = z.object({
  jurisdiction: z.string().describe("Who levies it: DE, CA-ON, US-IL, US-NY-NYC, …"),
  name: z.string().describe("VAT, GST, HST, PST, QST, Sales tax, …"),
  ratePpm: z.number().int().describe("Rate in parts per million: 190000 is 19 %."),
  amount: moneySchema,
});

export const cartSchema = z
  .object({
    id: z.string(),
    currency: z.string(),
    status: z.enum(["open", "completing", "completed"]),
    version: z.number().int(),
    email: z.string().nullable(),
    shippingAddress: addressSchema.nullable(),
    billingAddress: addressSchema.nullable().describe("Null: the shipping address is billed."),
    vatId: z.string().nullable(),
    shippingMethod: z
      .object({
        id: z.string(),
        code: z.string(),
        name: z.string(),
        price: moneySchema.describe("Shelf price, tax included where pricesIncludeTax."),
        minTransitDays: z.number(),
        maxTransitDays: z.number(),
        estimate: deliveryEstimateSchema,
      })
      .nullable(),
    pricesIncludeTax: z
      .boolean()
      .describe(
        "Unit prices contain tax (EU, UK, AU, …). Line subtotals and totals are net of tax either way, and tax is always added: total = subtotal − discountTotal + shippingTotal + taxTotal.",
      ),
    lines: z.array(
      z.object({
        id: z.string(),
        variantId: z.string(),
        sku: z.string(),
        title: z.string(),
        quantity: z.number().int(),
        unitPrice: moneySchema.describe("Catalog price of one unit (tax included where pricesIncludeTax)."),
        subtotal: moneySchema.describe("Net of tax, before discount."),
        discount: moneySchema,
        tax: moneySchema,
        total: moneySchema.describe("subtotal − discount + tax."),
        taxCategory: z.string(),
        taxLines: z.array(taxLineSchema),
        available: z.number().int(),
      }),
    ),
    tax: z.object({
      breakdown: z.array(taxLineSchema.extend({ taxable: moneySchema })).describe("Adds up to taxTotal."),
      shipping: moneySchema.describe("Tax on shipping, included in taxTotal."),
      reverseCharge: z.boolean(),
      notes: z.array(z.string()).describe("Texts the invoice carries, e.g. the reverse-charge mention."),
      provisional: z.boolean().describe("No shipping address yet: taxed for the seller's country."),
      fallback: z.boolean().describe("The external tax service failed; built-in rates were used."),
    }),
    promotions: z
      .object({
        codes: z.array(z.string()).describe("Codes the shopper entered."),
        applied: z.array(
          z.object({
            promotionId: z.string(),
            code: z.string().nullable().describe("Null for automatic promotions."),
            label: z.string(),
            kind: z.string(),
            amount: moneySchema.describe("Off the lines (at shelf price) and shipping."),
            shipping: moneySchema.describe("The part taken off shipping."),
            lines: z.array(z.object({ lineId: z.string(), amount: moneySchema })),
          }),
        ),
        rejected: z
          .array(z.object({ code: z.string(), reason: z.string() }))
          .describe(
            "Entered codes that do not apply now: expired, minimum_not_met, usage_limit_reached, not_combinable, …",
          ),
      })
      .describe("Every discount explained, and why a code does not apply."),
    giftCard: z
      .object({ id: z.string(), codeHint: z.string(), balance: moneySchema, applied: moneySchema })
      .nullable()
      .describe("A gift card pays part or all of the total; it is tender, not a discount."),
    amountDue: moneySchema.describe("What the payment method will be charged: total − giftCard.applied."),
    issues: z
      .array(z.object({ code: z.string() }).loose())
      .describe("What changed or needs attention since the cart was last read."),
    missing: z
      .array(z.enum(["email", "shipping_address", "shipping_method"]))
      .describe("Checkout steps still to do."),
    totals: z.object({
      subtotal: moneySchema,
      discountTotal: moneySchema,
      shippingTotal: moneySchema,
      taxTotal: moneySchema,
      total: moneySchema,
    }),
  })
  .meta({ id: "Cart" });

export type CartJson = z.output<typeof cartSchema>;

export function toCartJson(cart: PricedCart): CartJson {
  const c = cart.currency;
  const taxLine = (t: { jurisdiction: string; name: string; ratePpm: number; amount: number }) => ({
    jurisdiction: t.jurisdiction,
    name: t.name,
    ratePpm: t.ratePpm,
    amount: m(t.amount, c),
  });
  return {
    id: cart.id,
    currency: c,
    status: cart.status,
    version: cart.version,
    email: cart.email,
    shippingAddress: cart.shippingAddress,
    billingAddress: cart.billingAddress,
    vatId: cart.vatId,
    shippingMethod: cart.shippingMethod && {
      id: cart.shippingMethod.methodId,
      code: cart.shippingMethod.code,
      name: cart.shippingMethod.name,
      price: m(cart.shippingMethod.amount, c),
      minTransitDays: cart.shippingMethod.minTransitDays,
      maxTransitDays: cart.shippingMethod.maxTransitDays,
      estimate: cart.shippingMethod.estimate,
    },
    pricesIncludeTax: cart.pricesIncludeTax,
    lines: cart.lines.map((l) => ({
      ...l,
      unitPrice: m(l.unitPrice, c),
      subtotal: m(l.subtotal, c),
      discount: m(l.discount, c),
      tax: m(l.tax, c),
      total: m(l.total, c),
      taxLines: l.taxLines.map(taxLine),
    })),
    tax: {
      breakdown: cart.tax.breakdown.map((b) => ({ ...taxLine(b), taxable: m(b.taxable, c) })),
      shipping: m(cart.tax.shipping.tax, c),
      reverseCharge: cart.tax.reverseCharge,
      notes: cart.tax.notes,
      provisional: cart.tax.provisional,
      fallback: cart.tax.fallback,
    },
    promotions: {
      codes: cart.promotions.codes,
      applied: cart.promotions.applied.map((a) => ({
        promotionId: a.promotionId,
        code: a.code,
        label: a.label,
        kind: a.kind,
        amount: m(a.amount, c),
        shipping: m(a.shipping, c),
        lines: a.lines.map((l) => ({ lineId: l.lineId, amount: m(l.amount, c) })),
      })),
      rejected: cart.promotions.rejected.map((r) => ({ code: r.code, reason: r.reason })),
    },
    giftCard: cart.giftCard && {
      id: cart.giftCard.giftCardId,
      codeHint: cart.giftCard.codeHint,
      balance: m(cart.giftCard.balance, c),
      applied: m(cart.giftCard.applied, c),
    },
    amountDue: m(cart.amountDue, c),
    issues: cart.issues,
    missing: cart.missing,
    totals: cart.totals,
  };
}
