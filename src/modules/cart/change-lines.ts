import { and, eq } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import {
  findVariantFacts,
  findVariantIdBySku,
  nativePricesOnly,
  type PriceSettings,
  priceVariants,
  type VariantFacts,
} from "../catalog/index.ts";
import {
  type CartLineRow,
  type CartRow,
  changeOpenCart,
  findCartWithLines,
  putLineAtVersion,
  refusal,
} from "./cart.repository.ts";
import { cartLines } from "./schema.ts";

/** Most units of one variant a single line may hold. */
export const maxLineQuantity = 999;

export interface CartAccess {
  cartId: string;
  token: string;
  /** The version the client last saw (If-Match); absent: last write wins, serialized by the lock. */
  expectedVersion?: number | undefined;
  /** Told the cart as the change left it, and its lines when read with it (see changeOpenCart). */
  onChanged?: ((cart: CartRow, lines: CartLineRow[] | undefined) => void) | undefined;
}

/**
 * Adds units of a variant (by id or SKU); adding a variant already in the cart raises that
 * line's quantity. Refuses variants not sold in the cart's currency. Records the unit price at
 * the new quantity as the one the shopper saw (the response shows it).
 *
 * Decided from a read of the cart and its lines, then written in one statement only if the cart
 * is still at the version read (putLineAtVersion): three round trips with the response's stock
 * read instead of eight. If the cart moved meanwhile (a parallel change), the addition is made
 * again under the cart's lock (changeOpenCart), so no update is lost and none starves.
 */
export async function addLine(
  ctx: Context & { prices?: PriceSettings | undefined },
  access: CartAccess,
  input: { variantId?: string | undefined; sku?: string | undefined; quantity: number },
): Promise<Result<void>> {
  const variantId = input.variantId ?? (input.sku ? await findVariantIdBySku(ctx.db, input.sku) : undefined);
  // Catalog facts are read before the cart is written, from the catalog cache: the catalog is
  // not locked by the cart, and the price recorded as seen is then the one the response shows.
  const facts = variantId ? await findVariantFacts(ctx.db, [variantId]) : undefined;
  const at = ctx.clock.now();
  const decide = async (db: Db, cart: CartRow, existing: number | undefined) => {
    if (!variantId) return fail<NewLine>("variant_not_found", `No variant ${input.variantId ?? input.sku}.`);
    const quantity = (existing ?? 0) + input.quantity;
    const variant = await priceLine(ctx, db, cart, { variantId, quantity }, at, facts);
    if (!variant) return fail<NewLine>("variant_not_found", `No variant ${input.variantId ?? input.sku}.`);
    // Sold in the cart's currency: a price there, or one in the base currency and a rate.
    if (!variant.active || variant.price === null) {
      return fail<NewLine>("variant_unavailable", `${variant.sku} cannot be bought in ${cart.currency} now.`);
    }
    if (quantity > maxLineQuantity) {
      return fail<NewLine>("quantity_limit_exceeded", `A line may hold at most ${maxLineQuantity} units.`);
    }
    return ok({ id: newId("line"), variantId, quantity, seenUnitPrice: variant.price.amount });
  };
  const read = await findCartWithLines(ctx.db, access.cartId, access.token);
  if (!read.ok) return read;
  const { cart, lines } = read.value;
  const refused = refusal(cart, access);
  if (refused) return refused;
  const line = await decide(ctx.db, cart, lines.find((l) => l.variantId === variantId)?.quantity);
  if (!line.ok) return line;
  const written = await putLineAtVersion(ctx.db, cart, line.value, at);
  if (written) {
    access.onChanged?.(written.cart, written.lines);
    return ok(undefined);
  }
  // The cart moved since the read: decide again under its lock, where the line cannot change.
  return changeOpenCart(ctx.db, access, at, async (tx, locked) => {
    const [existing] = await tx
      .select({ quantity: cartLines.quantity })
      .from(cartLines)
      .where(and(eq(cartLines.cartId, locked.id), eq(cartLines.variantId, line.value.variantId)));
    const decided = await decide(tx, locked, existing?.quantity);
    if (!decided.ok) return decided;
    const { quantity, seenUnitPrice } = decided.value;
    await tx
      .insert(cartLines)
      .values({ ...decided.value, cartId: locked.id, addedAt: at })
      .onConflictDoUpdate({
        target: [cartLines.cartId, cartLines.variantId],
        set: { quantity, seenUnitPrice },
      });
    return ok(undefined);
  });
}

interface NewLine {
  id: string;
  variantId: string;
  quantity: number;
  seenUnitPrice: number;
}

/**
 * Sets a line's quantity; 0 removes it. Records the unit price at the new quantity as seen
 * (a volume tier may change it; the response shows it).
 */
export async function updateLine(
  ctx: Context & { prices?: PriceSettings | undefined },
  access: CartAccess,
  input: { lineId: string; quantity: number },
): Promise<Result<void>> {
  const at = ctx.clock.now();
  return changeOpenCart(ctx.db, access, at, async (tx, cart) => {
    const where = and(eq(cartLines.id, input.lineId), eq(cartLines.cartId, cart.id));
    const notFound = fail<void>("line_not_found", `No line ${input.lineId} in this cart.`);
    if (input.quantity === 0) {
      const gone = await tx.delete(cartLines).where(where).returning({ id: cartLines.id });
      return gone.length > 0 ? ok(undefined) : notFound;
    }
    const [line] = await tx.select({ variantId: cartLines.variantId }).from(cartLines).where(where);
    if (!line) return notFound;
    const variant = await priceLine(
      ctx,
      tx,
      cart,
      { variantId: line.variantId, quantity: input.quantity },
      at,
    );
    // A line that cannot be bought any more keeps its last seen price; the read says `unavailable`.
    const seen = variant?.active && variant.price ? { seenUnitPrice: variant.price.amount } : {};
    await tx
      .update(cartLines)
      .set({ quantity: input.quantity, ...seen })
      .where(where);
    return ok(undefined);
  });
}

export async function removeLine(
  ctx: Context & { prices?: PriceSettings | undefined },
  access: CartAccess,
  lineId: string,
): Promise<Result<void>> {
  return updateLine(ctx, access, { lineId, quantity: 0 });
}

/** The variant as this cart's buyer would pay for it at `quantity` now. */
async function priceLine(
  ctx: { prices?: PriceSettings | undefined },
  tx: Db,
  cart: CartRow,
  line: { variantId: string; quantity: number },
  at: Date,
  facts?: Map<string, VariantFacts>,
) {
  const priced = await priceVariants(
    tx,
    { lines: [line], currency: cart.currency, customerId: cart.customerId, at, facts },
    ctx.prices ?? nativePricesOnly,
  );
  return priced.variants.get(line.variantId);
}
