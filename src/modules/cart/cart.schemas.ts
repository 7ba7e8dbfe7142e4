import { z } from "zod";
import { moneySchema } from "../../http/schemas.ts";
import { addressSchema } from "./address.schema.ts";
import type { PricedCart } from "./price-cart.ts";

const m = (amount: number, currency: string) => ({ amount, currency });

export const cartSchema = z
  .object({
    id: z.string(),
    currency: z.string(),
    status: z.enum(["open", "completing", "completed"]),
    version: z.number().int(),
    email: z.string().nullable(),
    shippingAddress: addressSchema.nullable(),
    shippingMethod: z
      .object({
        id: z.string(),
        code: z.string(),
        name: z.string(),
        price: moneySchema,
        minTransitDays: z.number(),
        maxTransitDays: z.number(),
      })
      .nullable(),
    lines: z.array(
      z.object({
        id: z.string(),
        variantId: z.string(),
        sku: z.string(),
        title: z.string(),
        quantity: z.number().int(),
        unitPrice: moneySchema,
        subtotal: moneySchema,
        available: z.number().int(),
      }),
    ),
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

export type CartJson = z.input<typeof cartSchema>;

export function toCartJson(cart: PricedCart): CartJson {
  const c = cart.currency;
  return {
    ...cart,
    shippingMethod: cart.shippingMethod && {
      id: cart.shippingMethod.methodId,
      code: cart.shippingMethod.code,
      name: cart.shippingMethod.name,
      price: m(cart.shippingMethod.amount, c),
      minTransitDays: cart.shippingMethod.minTransitDays,
      maxTransitDays: cart.shippingMethod.maxTransitDays,
    },
    lines: cart.lines.map((l) => ({ ...l, unitPrice: m(l.unitPrice, c), subtotal: m(l.subtotal, c) })),
  };
}
