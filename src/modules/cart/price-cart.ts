import type { Db } from "../../shared/db/database.ts";
import { findSellableVariants } from "../catalog/index.ts";
import { getAvailability } from "../inventory/index.ts";
import { customerKeyOf, evaluateCartPromotions, type PromotionsOutcome } from "../promotions/index.ts";
import { findShippingOption, type ShippingOption } from "../shipping/index.ts";
import type { TaxSettings } from "../tax/index.ts";
import { type CartRow, findCartLines } from "./cart.repository.ts";
import { computeTotals, type Totals } from "./domain/totals.ts";
import { type CartGiftCard, giftCardFor } from "./gift-card.ts";
import type { Address, CartStatus } from "./schema.ts";
import { type CartTax, taxCart } from "./tax-cart.ts";

export interface PricedLine {
  id: string;
  variantId: string;
  sku: string;
  title: string;
  quantity: number;
  /** The catalog price of one unit: tax included where `pricesIncludeTax`. */
  unitPrice: number;
  /** Net of tax, before discount: the G2 component (equals unitPrice × quantity where tax is added). */
  subtotal: number;
  /** The line's share of the discounts, net of tax. */
  discount: number;
  tax: number;
  /** What the line costs: subtotal − discount + tax. */
  total: number;
  taxCategory: string;
  /** The taxes on this line per jurisdiction. */
  taxLines: CartTax["lines"][number]["components"];
  available: number;
}

/** What pricing needs besides the cart: the tax settings and the time estimates start from. */
export interface CartPricing {
  tax: TaxSettings;
  at: Date;
}

/** Something the shopper must know about: the cart tells the truth on every read. */
export type CartIssue =
  | { code: "unavailable"; lineId: string; sku: string }
  | { code: "insufficient_stock"; lineId: string; sku: string; requested: number; available: number }
  | { code: "shipping_method_unavailable"; shippingMethodId: string }
  | { code: "gift_card_unusable"; giftCardId: string };

export type CheckoutStep = "email" | "shipping_address" | "shipping_method";

export interface PricedCart {
  id: string;
  currency: string;
  status: CartStatus;
  version: number;
  /** The customer account the cart belongs to; null for a guest. */
  customerId: string | null;
  email: string | null;
  shippingAddress: Address | null;
  /** Null when the billing address is the shipping address. */
  billingAddress: Address | null;
  vatId: string | null;
  shippingMethod: ShippingOption | null;
  /** Shelf prices contain tax in the destination's market; totals are net either way. */
  pricesIncludeTax: boolean;
  tax: CartTax;
  /** Discounts applied (each explained) and entered codes that do not apply, with why. */
  promotions: Pick<PromotionsOutcome, "applied" | "rejected"> & { codes: string[] };
  lines: PricedLine[];
  /** Tender applied before the payment method: the total stays; the amount due shrinks. */
  giftCard: CartGiftCard | null;
  /** total − what the gift card pays: what the payment provider will be asked for. */
  amountDue: number;
  issues: CartIssue[];
  /** Checkout steps still to do before the cart can be completed. */
  missing: CheckoutStep[];
  totals: Totals;
}

/**
 * Prices a cart against current catalog prices, stock, shipping rates and taxes. Lines that
 * cannot be bought are reported as issues and left out of the totals, never silently dropped.
 * Read-only; calls the tax provider once.
 */
export async function priceCart(db: Db, cart: CartRow, pricing: CartPricing): Promise<PricedCart> {
  const rows = await findCartLines(db, cart.id);
  const variants = await findSellableVariants(
    db,
    rows.map((r) => r.variantId),
    cart.currency,
  );
  const stock = await getAvailability(
    db,
    [...variants.values()].map((v) => v.sku),
  );
  const shelf: (Omit<PricedLine, "subtotal" | "discount" | "tax" | "total" | "taxLines"> & {
    amount: number;
    productId: string;
  })[] = [];
  const issues: CartIssue[] = [];
  for (const row of rows) {
    const variant = variants.get(row.variantId);
    if (!variant?.active || variant.unitPrice === null) {
      issues.push({ code: "unavailable", lineId: row.id, sku: variant?.sku ?? row.variantId });
      continue;
    }
    const available = stock.get(variant.sku) ?? 0;
    if (available < row.quantity) {
      issues.push({
        code: "insufficient_stock",
        lineId: row.id,
        sku: variant.sku,
        requested: row.quantity,
        available,
      });
    }
    shelf.push({
      id: row.id,
      variantId: row.variantId,
      sku: variant.sku,
      title: variant.variantTitle
        ? `${variant.productTitle} – ${variant.variantTitle}`
        : variant.productTitle,
      quantity: row.quantity,
      unitPrice: variant.unitPrice,
      amount: variant.unitPrice * row.quantity,
      productId: variant.productId,
      taxCategory: variant.taxCategory,
      available,
    });
  }
  const address = cart.shippingAddress ?? null;
  let shippingMethod: ShippingOption | null = null;
  if (cart.shippingMethodId && address) {
    shippingMethod =
      (await findShippingOption(db, cart.shippingMethodId, {
        country: address.country,
        currency: cart.currency,
        at: pricing.at,
      })) ?? null;
    if (!shippingMethod)
      issues.push({ code: "shipping_method_unavailable", shippingMethodId: cart.shippingMethodId });
  }
  const missing: CheckoutStep[] = [];
  if (!cart.email) missing.push("email");
  if (!address) missing.push("shipping_address");
  if (!shippingMethod) missing.push("shipping_method");
  const shippingAmount = shippingMethod?.amount ?? 0;
  // Discounts are worked out on shelf prices, then taxed: tax is always on the discounted amount.
  const promotions = await evaluateCartPromotions(db, {
    cart: {
      currency: cart.currency,
      lines: shelf.map((l) => ({
        id: l.id,
        sku: l.sku,
        productId: l.productId,
        unitPrice: l.unitPrice,
        quantity: l.quantity,
      })),
      subtotal: shelf.reduce((a, l) => a + l.amount, 0),
      shipping: shippingAmount,
      // Without customer accounts nobody is known to be on a first order; such promotions wait.
      customer: { isFirstOrder: false },
      now: pricing.at,
    },
    codes: cart.promotionCodes,
    customerKey: customerKeyOf({ email: cart.email }),
  });
  const lineDiscount = new Map(promotions.lineDiscounts.map((d) => [d.lineId, d.amount]));
  const tax = await taxCart(pricing.tax, {
    currency: cart.currency,
    lines: shelf.map((l) => ({
      id: l.id,
      amount: l.amount,
      discount: lineDiscount.get(l.id) ?? 0,
      taxCategory: l.taxCategory,
    })),
    shipping: shippingAmount - promotions.shippingDiscount,
    shippingAddress: address,
    vatId: cart.vatId,
  });
  const taxedById = new Map(tax.lines.map((t) => [t.id, t]));
  const lines = shelf.map(({ amount: _shelf, productId: _product, ...l }): PricedLine => {
    const taxed = taxedById.get(l.id);
    if (!taxed) throw new Error(`Tax provider ${tax.provider} returned no result for line ${l.id}`);
    return {
      ...l,
      subtotal: taxed.net,
      discount: taxed.discountNet,
      tax: taxed.tax,
      total: taxed.taxable + taxed.tax,
      taxLines: taxed.components,
    };
  });
  const totals = computeTotals({
    currency: cart.currency,
    lines,
    shipping: tax.shipping.net,
    discount: lines.reduce((a, l) => a + l.discount, 0),
    tax: tax.taxTotal,
  });
  const giftCard = await giftCardFor(db, cart, totals.total.amount, pricing.at);
  if (cart.giftCardId && !giftCard) issues.push({ code: "gift_card_unusable", giftCardId: cart.giftCardId });
  return {
    id: cart.id,
    currency: cart.currency,
    status: cart.status,
    version: cart.version,
    customerId: cart.customerId,
    email: cart.email,
    shippingAddress: address,
    billingAddress: cart.billingAddress ?? null,
    vatId: cart.vatId,
    shippingMethod,
    pricesIncludeTax: tax.pricesIncludeTax,
    tax,
    promotions: { applied: promotions.applied, rejected: promotions.rejected, codes: cart.promotionCodes },
    lines,
    giftCard,
    amountDue: totals.total.amount - (giftCard?.applied ?? 0),
    issues,
    missing,
    totals,
  };
}
