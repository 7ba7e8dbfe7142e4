import type { Db } from "../../shared/db/database.ts";
import {
  type CartFx,
  nativePricesOnly,
  normalizeRate,
  type PriceSettings,
  priceVariants,
  type VariantPrice,
} from "../catalog/index.ts";
import { getStockStatus } from "../inventory/index.ts";
import {
  applyCartPromotions,
  customerKeyOf,
  loadCartPromotions,
  type PromotionsOutcome,
} from "../promotions/index.ts";
import { listShippingOptions, type PickupLocationOption, type ShippingOption } from "../shipping/index.ts";
import type { TaxSettings } from "../tax/index.ts";
import { type CartLineRow, type CartRow, findCartLines } from "./cart.repository.ts";
import { type CheckoutStepReport, reportCheckoutSteps } from "./checkout-steps.ts";
import { cartAmounts } from "./domain/cart-totals.ts";
import type { Totals } from "./domain/totals.ts";
import { type CartGiftCard, giftCardFor } from "./gift-card.ts";
import type { Address, CartStatus } from "./schema.ts";
import { cartWeight } from "./shipping-facts.ts";
import {
  type CartSuggestion,
  candidateSkus,
  pickSuggestions,
  suggestionCandidatesFor,
} from "./suggestions.ts";
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
  /** Which price applied (base, sale, tier, group, contract) and, if converted, from what. */
  price: { rule: VariantPrice["rule"]; convertedFrom: VariantPrice["convertedFrom"] };
  /** The taxes on this line per jurisdiction. */
  taxLines: CartTax["lines"][number]["components"];
  available: number;
  /** Units of this line beyond stock that will be sold on backorder, and when they are expected. */
  backorder: { quantity: number; expectedOn: string | null } | null;
}

/** What pricing needs besides the cart: the tax settings and the time estimates start from. */
export interface CartPricing {
  tax: TaxSettings;
  at: Date;
  /** Base currency, precedence and FX; without it only prices in the cart's currency count. */
  prices?: PriceSettings | undefined;
  /** Look up related products to suggest (the shopper's reads; not checkout). */
  suggestions?: boolean | undefined;
}

/** Something the shopper must know about: the cart tells the truth on every read. */
export type CartIssue =
  | { code: "unavailable"; lineId: string; sku: string }
  /** The unit price differs from the one the shopper last saw (see decision 024 for when it clears). */
  | { code: "price_changed"; lineId: string; sku: string; previous: number; current: number }
  | { code: "insufficient_stock"; lineId: string; sku: string; requested: number; available: number }
  | { code: "backordered"; lineId: string; sku: string; quantity: number; expectedOn: string | null }
  | { code: "shipping_method_unavailable"; shippingMethodId: string }
  | { code: "gift_card_unusable"; giftCardId: string };

export type CheckoutStep = "email" | "shipping_address" | "shipping_method";

/** How far the cart is from free shipping with the method that gets there soonest. */
export interface FreeShippingProgress {
  threshold: number;
  /** Minor units of (discounted) goods still to add; 0 once reached. */
  amountLeft: number;
  method: { id: string; code: string; name: string };
}

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
  /** The store the shopper collects from, when the method is a pickup method. */
  pickupLocation: PickupLocationOption | null;
  /** For the destination (the store's country before an address is given); null: none offers it. */
  freeShipping: FreeShippingProgress | null;
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
  /** The base→cart rate used for converted prices and settlement; null in the base currency. */
  fx: CartFx | null;
  /** Related products not in the cart, in stock and priced in its currency (empty unless asked). */
  suggestions: CartSuggestion[];
  /** Checkout steps still to do before the cart can be completed. */
  missing: CheckoutStep[];
  /** Every checkout step in order with its status: the full picture `missing` is part of. */
  steps: CheckoutStepReport[];
  /** The payment method chosen at its step; completion names the provider it pays with. */
  paymentMethod: { provider: string; kind: string } | null;
  totals: Totals;
}

/**
 * Prices a cart against current catalog prices, stock, shipping rates and taxes. Lines that
 * cannot be bought are reported as issues and left out of the totals, never silently dropped.
 * Read-only; calls the tax provider once. `readLines`: the cart's lines when the caller read them
 * with the cart (findCartWithLines, a change's RETURNING); read here otherwise.
 */
export async function priceCart(
  db: Db,
  cart: CartRow,
  pricing: CartPricing,
  readLines?: readonly CartLineRow[],
): Promise<PricedCart> {
  const rows = readLines ?? (await findCartLines(db, cart.id));
  const priced = await priceVariants(
    db,
    {
      lines: rows,
      currency: cart.currency,
      customerId: cart.customerId,
      at: pricing.at,
      lockedFx:
        cart.fxRate && cart.fxLockedAt ? { rate: normalizeRate(cart.fxRate), at: cart.fxLockedAt } : null,
    },
    pricing.prices ?? nativePricesOnly,
  );
  const variants = priced.variants;
  const related = pricing.suggestions
    ? await suggestionCandidatesFor(db, [...new Set([...variants.values()].map((v) => v.productId))])
    : [];
  // The lines' stock and the suggestions' in one query.
  const stock = await getStockStatus(db, [
    ...new Set([...[...variants.values()].map((v) => v.sku), ...candidateSkus(related)]),
  ]);
  // Lines sharing a SKU draw on the same stock and backorder room, in line order.
  const claimed = new Map<string, { units: number; owed: number }>();
  const shelf: (Omit<PricedLine, "subtotal" | "discount" | "tax" | "total" | "taxLines"> & {
    amount: number;
    productId: string;
    categoryIds: string[];
    weightGrams: number;
  })[] = [];
  const issues: CartIssue[] = [];
  for (const row of rows) {
    const variant = variants.get(row.variantId);
    if (!variant?.active || variant.price === null) {
      issues.push({ code: "unavailable", lineId: row.id, sku: variant?.sku ?? row.variantId });
      continue;
    }
    if (row.seenUnitPrice !== null && row.seenUnitPrice !== variant.price.amount) {
      // Never silent: the line is priced at today's price and the shopper is told what it was.
      issues.push({
        code: "price_changed",
        lineId: row.id,
        sku: variant.sku,
        previous: row.seenUnitPrice,
        current: variant.price.amount,
      });
    }
    const status = stock.get(variant.sku);
    const available = status?.available ?? 0;
    const before = claimed.get(variant.sku) ?? { units: 0, owed: 0 };
    const free = Math.max(0, available - before.units);
    const short = Math.max(0, row.quantity - free);
    const room = status?.backorder.allowed ? (status.backorder.remaining ?? Infinity) - before.owed : 0;
    const backorder =
      short > 0 && short <= room
        ? { quantity: short, expectedOn: status?.backorder.expectedOn ?? null }
        : null;
    claimed.set(variant.sku, {
      units: before.units + row.quantity,
      owed: before.owed + (backorder?.quantity ?? 0),
    });
    if (backorder) {
      // Never silent: the shopper is told which units wait for stock, and until when.
      issues.push({ code: "backordered", lineId: row.id, sku: variant.sku, ...backorder });
    } else if (short > 0) {
      issues.push({
        code: "insufficient_stock",
        lineId: row.id,
        sku: variant.sku,
        requested: row.quantity,
        available: free,
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
      unitPrice: variant.price.amount,
      amount: variant.price.amount * row.quantity,
      price: { rule: variant.price.rule, convertedFrom: variant.price.convertedFrom },
      productId: variant.productId,
      categoryIds: variant.categoryIds,
      taxCategory: variant.taxCategory,
      weightGrams: variant.weightGrams,
      available,
      backorder,
    });
  }
  const address = cart.shippingAddress ?? null;
  const customer = await promotionCustomer(db, cart, pricing.prices);
  const offers = await loadCartPromotions(db, {
    codes: cart.promotionCodes,
    customerKey: customerKeyOf({ email: cart.email }),
  });
  // Discounts are worked out on shelf prices, then taxed: tax is always on the discounted amount.
  // A first pass without shipping gives the discounted subtotal that rates depend on.
  const evaluate = (shipping: number) =>
    applyCartPromotions(offers, {
      currency: cart.currency,
      lines: shelf.map((l) => ({
        id: l.id,
        sku: l.sku,
        productId: l.productId,
        categoryIds: l.categoryIds,
        unitPrice: l.unitPrice,
        quantity: l.quantity,
      })),
      subtotal: shelf.reduce((a, l) => a + l.amount, 0),
      shipping,
      customer,
      now: pricing.at,
    });
  const withoutShipping = evaluate(0);
  const rated = {
    weightGrams: cartWeight(shelf),
    subtotal:
      shelf.reduce((a, l) => a + l.amount, 0) -
      withoutShipping.lineDiscounts.reduce((a, d) => a + d.amount, 0),
  };
  // Before an address, options (pickup, free-shipping progress) are those of the store's country.
  const options = await listShippingOptions(
    db,
    { ...(address ?? { country: pricing.tax.seller.country }), currency: cart.currency, at: pricing.at },
    rated,
  );
  const chosen = chosenShipping(cart, address, options);
  if (cart.shippingMethodId && !chosen)
    issues.push({ code: "shipping_method_unavailable", shippingMethodId: cart.shippingMethodId });
  const shippingMethod = chosen?.method ?? null;
  const pickupLocation = chosen?.location ?? null;
  const missing: CheckoutStep[] = [];
  if (!cart.email) missing.push("email");
  if (!address && !pickupLocation) missing.push("shipping_address");
  if (!shippingMethod) missing.push("shipping_method");
  const shippingAmount = shippingMethod?.amount ?? 0;
  const promotions = shippingAmount === 0 ? withoutShipping : evaluate(shippingAmount);
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
    // Goods collected in a store are taxed where the store is.
    shippingAddress: pickupLocation ? { firstName: "", lastName: "", ...pickupLocation.address } : address,
    vatId: cart.vatId,
  });
  const card = await giftCardFor(db, cart, pricing.at);
  if (cart.giftCardId && !card) issues.push({ code: "gift_card_unusable", giftCardId: cart.giftCardId });
  const amounts = cartAmounts(
    cart.currency,
    shelf.map((l) => l.id),
    tax,
    card?.balance ?? null,
  );
  const lines = shelf.map(
    ({ amount: _shelf, productId: _product, categoryIds: _c, weightGrams: _w, ...l }, i): PricedLine => ({
      ...l,
      ...amounts.lines[i]!,
    }),
  );
  const totals = amounts.totals;
  const giftCard = card ? { ...card, applied: amounts.giftCardApplied } : null;
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
    pickupLocation,
    freeShipping: freeShippingProgress(options, rated.subtotal),
    pricesIncludeTax: tax.pricesIncludeTax,
    tax,
    promotions: { applied: promotions.applied, rejected: promotions.rejected, codes: cart.promotionCodes },
    lines,
    giftCard,
    amountDue: amounts.amountDue,
    issues,
    fx: priced.fx,
    suggestions: await pickSuggestions(
      db,
      related,
      stock,
      { currency: cart.currency, customerId: cart.customerId, at: pricing.at },
      pricing.prices ?? nativePricesOnly,
    ),
    missing,
    steps: reportCheckoutSteps({
      lineCount: lines.length,
      missing,
      pickup: pickupLocation !== null,
      paymentProvider: cart.paymentProvider,
      amountDue: amounts.amountDue,
      issues,
    }),
    paymentMethod:
      cart.paymentProvider && cart.paymentKind
        ? { provider: cart.paymentProvider, kind: cart.paymentKind }
        : null,
    totals,
  };
}

/**
 * Who the shopper is, as promotion conditions see it: an account's group and whether it has
 * ordered before. A guest is in no group and never counts as a first order, since an email
 * alone proves nothing about past orders.
 */
async function promotionCustomer(
  db: Db,
  cart: CartRow,
  prices: PriceSettings | undefined,
): Promise<{ id?: string; group?: string; isFirstOrder: boolean }> {
  if (!cart.customerId) return { isFirstOrder: false };
  const [group, isFirstOrder] = await Promise.all([
    prices?.customerGroupOf?.(db, cart.customerId) ?? null,
    prices?.isFirstOrder?.(db, cart.customerId) ?? false,
  ]);
  return { id: cart.customerId, ...(group ? { group } : {}), isFirstOrder };
}

/** The chosen method if still offered (and, for pickup, its chosen location), else undefined. */
function chosenShipping(
  cart: CartRow,
  address: Address | null,
  options: ShippingOption[],
): { method: ShippingOption; location: PickupLocationOption | null } | undefined {
  const method = options.find((o) => o.methodId === cart.shippingMethodId);
  if (!method) return undefined;
  if (method.kind === "delivery") return address ? { method, location: null } : undefined;
  const location = method.pickupLocations.find((l) => l.id === cart.pickupLocationId);
  if (!location) return undefined;
  const ready = location.readyFrom;
  return { method: { ...method, estimate: ready ? { earliest: ready, latest: ready } : null }, location };
}

/** The delivery method with the lowest free-shipping threshold, and what is left to reach it. */
function freeShippingProgress(options: ShippingOption[], subtotal: number): FreeShippingProgress | null {
  let best: ShippingOption | undefined;
  for (const o of options)
    if (o.kind === "delivery" && o.freeOver !== null && (!best || o.freeOver < best.freeOver!)) best = o;
  if (!best || best.freeOver === null) return null;
  return {
    threshold: best.freeOver,
    amountLeft: Math.max(0, best.freeOver - subtotal),
    method: { id: best.methodId, code: best.code, name: best.name },
  };
}
