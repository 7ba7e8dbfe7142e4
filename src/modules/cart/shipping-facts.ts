import type { Db } from "../../shared/db/database.ts";
import { findSellableVariants } from "../catalog/index.ts";
import { customerKeyOf, evaluateCartPromotions } from "../promotions/index.ts";
import type { RatedCart } from "../shipping/index.ts";
import { type CartLineRow, type CartRow, findCartLines } from "./cart.repository.ts";

/**
 * The cart's weight in grams, or null when a line's variant has none recorded (the catalog's
 * 0 g default): shipping rates must not guess it.
 */
export function cartWeight(lines: readonly { weightGrams: number; quantity: number }[]): number | null {
  if (lines.some((l) => l.weightGrams <= 0)) return null;
  return lines.reduce((sum, l) => sum + l.weightGrams * l.quantity, 0);
}

/**
 * What shipping rates depend on, for the checkout steps that check a method against the cart:
 * its weight and its subtotal after line discounts (promotions evaluated without shipping, as
 * pricing does). Read-only; the catalog and promotions come from their caches outside a transaction.
 * `readLines`: the cart's lines when read with it; read here otherwise.
 */
export async function shippingFactsOf(
  db: Db,
  cart: CartRow,
  at: Date,
  readLines?: readonly CartLineRow[],
): Promise<RatedCart> {
  const rows = readLines ?? (await findCartLines(db, cart.id));
  const variants = await findSellableVariants(
    db,
    rows.map((r) => r.variantId),
    cart.currency,
  );
  const lines = rows.flatMap((row) => {
    const v = variants.get(row.variantId);
    if (!v?.active || v.unitPrice === null) return [];
    return [{ ...v, unitPrice: v.unitPrice, id: row.id, quantity: row.quantity }];
  });
  const subtotal = lines.reduce((a, l) => a + l.unitPrice * l.quantity, 0);
  const promotions = await evaluateCartPromotions(db, {
    cart: {
      currency: cart.currency,
      lines: lines.map((l) => ({
        id: l.id,
        sku: l.sku,
        productId: l.productId,
        // Category promotions count here as in pricing, so a method checked now is the one priced.
        categoryIds: l.categoryIds,
        unitPrice: l.unitPrice,
        quantity: l.quantity,
      })),
      subtotal,
      shipping: 0,
      customer: { isFirstOrder: false },
      now: at,
    },
    codes: cart.promotionCodes,
    customerKey: customerKeyOf({ email: cart.email }),
  });
  const discount = promotions.lineDiscounts.reduce((a, d) => a + d.amount, 0);
  return { weightGrams: cartWeight(lines), subtotal: subtotal - discount };
}
