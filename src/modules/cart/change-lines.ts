import { and, eq, sql } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { findVariantIdBySku, nativePricesOnly, type PriceSettings, priceVariants } from "../catalog/index.ts";
import { changeOpenCart } from "./cart.repository.ts";
import { cartLines } from "./schema.ts";

/** Most units of one variant a single line may hold. */
export const maxLineQuantity = 999;

export interface CartAccess {
  cartId: string;
  token: string;
  /** The version the client last saw (If-Match); absent: last write wins, serialized by the lock. */
  expectedVersion?: number | undefined;
}

/**
 * Adds units of a variant (by id or SKU); adding a variant already in the cart raises that
 * line's quantity. Refuses variants not sold in the cart's currency.
 */
export async function addLine(
  ctx: Context & { prices?: PriceSettings | undefined },
  access: CartAccess,
  input: { variantId?: string | undefined; sku?: string | undefined; quantity: number },
): Promise<Result<void>> {
  const variantId = input.variantId ?? (input.sku ? await findVariantIdBySku(ctx.db, input.sku) : undefined);
  const at = ctx.clock.now();
  return changeOpenCart(ctx.db, access, at, async (tx, cart) => {
    const variant = variantId
      ? (
          await priceVariants(
            tx,
            {
              lines: [{ variantId, quantity: input.quantity }],
              currency: cart.currency,
              customerId: cart.customerId,
              at,
            },
            ctx.prices ?? nativePricesOnly,
          )
        ).variants.get(variantId)
      : undefined;
    if (!variant) return fail("variant_not_found", `No variant ${input.variantId ?? input.sku}.`);
    // Sold in the cart's currency: a price there, or one in the base currency and a rate.
    if (!variant.active || variant.price === null) {
      return fail("variant_unavailable", `${variant.sku} cannot be bought in ${cart.currency} now.`);
    }
    const [line] = await tx
      .insert(cartLines)
      .values({
        id: newId("line"),
        cartId: cart.id,
        variantId: variant.variantId,
        quantity: input.quantity,
        addedAt: at,
      })
      .onConflictDoUpdate({
        target: [cartLines.cartId, cartLines.variantId],
        set: { quantity: sql`${cartLines.quantity} + ${input.quantity}` },
      })
      .returning();
    if (line!.quantity > maxLineQuantity) {
      return fail("quantity_limit_exceeded", `A line may hold at most ${maxLineQuantity} units.`);
    }
    return ok(undefined);
  });
}

/** Sets a line's quantity; 0 removes it. */
export async function updateLine(
  ctx: Context,
  access: CartAccess,
  input: { lineId: string; quantity: number },
): Promise<Result<void>> {
  return changeOpenCart(ctx.db, access, ctx.clock.now(), async (tx, cart) => {
    const where = and(eq(cartLines.id, input.lineId), eq(cartLines.cartId, cart.id));
    const changed =
      input.quantity === 0
        ? await tx.delete(cartLines).where(where).returning({ id: cartLines.id })
        : await tx
            .update(cartLines)
            .set({ quantity: input.quantity })
            .where(where)
            .returning({ id: cartLines.id });
    return changed.length > 0
      ? ok(undefined)
      : fail("line_not_found", `No line ${input.lineId} in this cart.`);
  });
}

export async function removeLine(ctx: Context, access: CartAccess, lineId: string): Promise<Result<void>> {
  return updateLine(ctx, access, { lineId, quantity: 0 });
}
