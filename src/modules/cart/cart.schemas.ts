import { z } from "zod";
import { moneySchema } from "../../http/schemas.ts";
import { addressSchema } from "./address.schema.ts";
import { cartExample } from "./cart.example.ts";
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

const lineRef = { lineId: z.string(), sku: z.string() };

/** One per problem; `code` tells which fields come with it. */
export const cartIssueSchema = z
  .discriminatedUnion("code", [
    z.object({ code: z.literal("unavailable"), ...lineRef }).describe("The line can no longer be bought."),
    z
      .object({
        code: z.literal("price_changed"),
        ...lineRef,
        previous: moneySchema.describe("The unit price the shopper last saw."),
        current: moneySchema.describe("The unit price the line is charged at now."),
      })
      .describe(
        "The unit price moved since the shopper last saw it; totals use `current`. Stays until the shopper " +
          "acknowledges it (POST /store/carts/{cartId}/price-changes/acknowledge) or changes the line.",
      ),
    z
      .object({
        code: z.literal("insufficient_stock"),
        ...lineRef,
        requested: z.number().int(),
        available: z.number().int(),
      })
      .describe("Fewer units in stock than the line asks for."),
    z
      .object({
        code: z.literal("backordered"),
        ...lineRef,
        quantity: z.number().int(),
        expectedOn: z.string().nullable(),
      })
      .describe("Part of the line will ship later, on backorder."),
    z
      .object({ code: z.literal("shipping_method_unavailable"), shippingMethodId: z.string() })
      .describe("The chosen shipping method is no longer offered; choose again."),
    z
      .object({ code: z.literal("gift_card_unusable"), giftCardId: z.string() })
      .describe("The applied gift card can no longer pay (expired, disabled or another currency)."),
  ])
  .meta({
    id: "CartIssue",
    example: {
      code: "price_changed",
      lineId: "line_01JX93E5F6",
      sku: "TEE-M",
      previous: { amount: 2800, currency: "USD" },
      current: { amount: 2900, currency: "USD" },
    },
  });

export const pickupLocationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    address: z.object({
      line1: z.string(),
      line2: z.string().optional(),
      city: z.string(),
      region: z.string().optional(),
      postalCode: z.string(),
      country: z.string(),
    }),
    timeZone: z.string(),
    openingHours: z
      .array(z.object({ weekday: z.number().int(), opens: z.string(), closes: z.string() }))
      .describe("Local hours; weekday 0 = Sunday. Days without an entry are closed."),
    readyFrom: z.string().nullable().describe("Ready for pickup from this local ISO date on."),
  })
  .meta({ id: "PickupLocationOption" });

export const cartSchema = z
  .object({
    id: z.string(),
    currency: z.string(),
    status: z
      .enum(["open", "completing", "completed", "expired"])
      .describe("`expired`: idle longer than CART_TTL_DAYS; it refuses edits (410 cart_expired)."),
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
        kind: z.enum(["delivery", "pickup"]),
        price: moneySchema.describe("Shelf price, tax included where pricesIncludeTax."),
        minTransitDays: z.number(),
        maxTransitDays: z.number(),
        estimate: deliveryEstimateSchema,
      })
      .nullable(),
    pickupLocation: pickupLocationSchema
      .nullable()
      .describe("Where the shopper collects the order (pickup methods); no shipping address is needed then."),
    freeShipping: z
      .object({
        threshold: moneySchema,
        amountLeft: moneySchema.describe(
          "Goods (after discounts) still to add; 0 once free shipping is reached.",
        ),
        method: z.object({ id: z.string(), code: z.string(), name: z.string() }),
      })
      .nullable()
      .describe(
        "Progress to the lowest free-shipping threshold for the address (the store's country before one is given); null when no method ships free.",
      ),
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
        price: z
          .object({
            rule: z.object({
              kind: z.enum(["base", "sale", "tier", "group", "contract"]),
              id: z.string().optional(),
              label: z.string().optional(),
            }),
            convertedFrom: moneySchema
              .extend({
                rate: z.string().describe("Units of the cart currency per unit of the base currency."),
              })
              .nullable()
              .describe("Set when the variant has no price in the cart currency and was converted."),
          })
          .describe("Why the unit price is what it is: the price rule that applied (see decision 016)."),
        taxLines: z.array(taxLineSchema),
        available: z.number().int(),
        backorder: z
          .object({
            quantity: z.number().int().describe("Units of this line sold beyond stock."),
            expectedOn: z
              .string()
              .nullable()
              .describe("When they are expected (YYYY-MM-DD); null: not known."),
          })
          .nullable()
          .describe("Set when part of the line will ship later, on backorder; also listed in `issues`."),
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
      .array(cartIssueSchema)
      .describe(
        "What changed or needs attention since the cart was last read. New codes may be added: show a generic message for one you do not know.",
      ),
    fx: z
      .object({
        baseCurrency: z.string(),
        rate: z.string().describe("Units of the cart currency per unit of the base currency, exact."),
        asOf: z.string().describe("When the rate was set, or locked at checkout start."),
        locked: z.boolean().describe("Locked when checkout started; live rates no longer apply."),
      })
      .nullable()
      .describe(
        "The exchange rate behind converted prices and the order's settlement amounts; null in the base currency.",
      ),
    suggestions: z
      .array(
        z.object({
          productId: z.string(),
          variantId: z.string(),
          sku: z.string(),
          title: z.string(),
          image: z.string().nullable(),
          kind: z.enum(["accessory", "frequently_bought_together"]),
          unitPrice: moneySchema,
        }),
      )
      .describe("Related products not in the cart yet, in stock and priced in the cart currency (up to 4)."),
    missing: z
      .array(z.enum(["email", "shipping_address", "shipping_method"]))
      .describe("Checkout steps completion still requires (kept for older clients; see `steps`)."),
    steps: z
      .array(
        z.object({
          step: z.enum(["contact", "shipping_address", "shipping_method", "payment_method", "review"]),
          status: z.enum(["done", "missing", "not_needed"]),
        }),
      )
      .describe(
        "Every checkout step in order. `not_needed`: the shipping address for store pickup, the payment " +
          "method when a gift card pays everything. `review` is done once every step before it is settled " +
          "and no issue waits for the shopper (e.g. an unacknowledged `price_changed`).",
      ),
    paymentMethod: z
      .object({
        provider: z.string().describe("One of GET /store/payment-methods."),
        kind: z.string().describe("card, bank_transfer or purchase_order."),
      })
      .nullable()
      .describe("Chosen at the payment-method step; null until then."),
    totals: z.object({
      subtotal: moneySchema,
      discountTotal: moneySchema,
      shippingTotal: moneySchema,
      taxTotal: moneySchema,
      total: moneySchema,
    }),
  })
  .meta({ id: "Cart", example: cartExample });

export type CartJson = z.output<typeof cartSchema>;

export function toCartJson(cart: PricedCart): CartJson {
  const c = cart.currency;
  const issues = cart.issues.map((i) =>
    i.code === "price_changed" ? { ...i, previous: m(i.previous, c), current: m(i.current, c) } : i,
  );
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
      kind: cart.shippingMethod.kind,
      price: m(cart.shippingMethod.amount, c),
      minTransitDays: cart.shippingMethod.minTransitDays,
      maxTransitDays: cart.shippingMethod.maxTransitDays,
      estimate: cart.shippingMethod.estimate,
    },
    pickupLocation: cart.pickupLocation,
    freeShipping: cart.freeShipping && {
      threshold: m(cart.freeShipping.threshold, c),
      amountLeft: m(cart.freeShipping.amountLeft, c),
      method: cart.freeShipping.method,
    },
    pricesIncludeTax: cart.pricesIncludeTax,
    lines: cart.lines.map((l) => ({
      ...l,
      unitPrice: m(l.unitPrice, c),
      subtotal: m(l.subtotal, c),
      discount: m(l.discount, c),
      tax: m(l.tax, c),
      total: m(l.total, c),
      price: {
        rule: l.price.rule,
        convertedFrom: l.price.convertedFrom && {
          amount: l.price.convertedFrom.amount,
          currency: l.price.convertedFrom.currency,
          rate: l.price.convertedFrom.rate,
        },
      },
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
    issues,
    fx: cart.fx && { ...cart.fx, asOf: cart.fx.asOf.toISOString() },
    suggestions: cart.suggestions.map((s) => ({ ...s, unitPrice: m(s.unitPrice, c) })),
    missing: cart.missing,
    steps: cart.steps,
    paymentMethod: cart.paymentMethod,
    totals: cart.totals,
  };
}
