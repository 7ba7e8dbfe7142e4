import type { Db } from "../../shared/db/database.ts";
import { findSellableVariants } from "../catalog/index.ts";
import { getAvailability } from "../inventory/index.ts";
import { findShippingOption, type ShippingOption } from "../shipping/index.ts";
import { type CartRow, findCartLines } from "./cart.repository.ts";
import { computeTotals, type Totals } from "./domain/totals.ts";
import type { Address, CartStatus } from "./schema.ts";

export interface PricedLine {
  id: string;
  variantId: string;
  sku: string;
  title: string;
  quantity: number;
  unitPrice: number;
  subtotal: number;
  available: number;
}

/** Something the shopper must know about: the cart tells the truth on every read. */
export type CartIssue =
  | { code: "unavailable"; lineId: string; sku: string }
  | { code: "insufficient_stock"; lineId: string; sku: string; requested: number; available: number }
  | { code: "shipping_method_unavailable"; shippingMethodId: string };

export type CheckoutStep = "email" | "shipping_address" | "shipping_method";

export interface PricedCart {
  id: string;
  currency: string;
  status: CartStatus;
  version: number;
  email: string | null;
  shippingAddress: Address | null;
  shippingMethod: ShippingOption | null;
  lines: PricedLine[];
  issues: CartIssue[];
  /** Checkout steps still to do before the cart can be completed. */
  missing: CheckoutStep[];
  totals: Totals;
}

/**
 * Prices a cart against current catalog prices, stock and shipping rates. Lines that cannot be
 * bought are reported as issues and left out of the totals, never silently dropped.
 */
export async function priceCart(db: Db, cart: CartRow): Promise<PricedCart> {
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
  const lines: PricedLine[] = [];
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
    lines.push({
      id: row.id,
      variantId: row.variantId,
      sku: variant.sku,
      title: variant.variantTitle
        ? `${variant.productTitle} – ${variant.variantTitle}`
        : variant.productTitle,
      quantity: row.quantity,
      unitPrice: variant.unitPrice,
      subtotal: variant.unitPrice * row.quantity,
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
      })) ?? null;
    if (!shippingMethod)
      issues.push({ code: "shipping_method_unavailable", shippingMethodId: cart.shippingMethodId });
  }
  const missing: CheckoutStep[] = [];
  if (!cart.email) missing.push("email");
  if (!address) missing.push("shipping_address");
  if (!shippingMethod) missing.push("shipping_method");
  const totals = computeTotals({
    currency: cart.currency,
    lines,
    shipping: shippingMethod?.amount ?? 0,
    discount: 0,
    tax: 0,
  });
  return {
    id: cart.id,
    currency: cart.currency,
    status: cart.status,
    version: cart.version,
    email: cart.email,
    shippingAddress: address,
    shippingMethod,
    lines,
    issues,
    missing,
    totals,
  };
}
