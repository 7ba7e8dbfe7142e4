import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId, newSecret } from "../../shared/ids.ts";
import { type CartRow, findCartLines, hashCartToken, tokenOpens } from "./cart.repository.ts";
import type { CartAccess } from "./change-lines.ts";
import { maxLineQuantity } from "./change-lines.ts";
import { cartLines, carts } from "./schema.ts";

/** Links a cart to a customer; from then on it is theirs (orders placed from it record them). */
export async function attachCartToCustomer(tx: Db, cartId: string, customerId: string): Promise<void> {
  await tx
    .update(carts)
    .set({ customerId, version: sql`${carts.version} + 1` })
    .where(eq(carts.id, cartId));
}

/**
 * At sign-in: takes a guest cart (its id and token prove the shopper holds it) into the
 * customer's account. With no other open cart of theirs, the guest cart is simply linked and
 * keeps its token. Otherwise its lines are added to the customer's newest open cart (quantities
 * summed, capped at the line maximum), checkout details the customer's cart lacks are copied,
 * the guest cart is deleted, and the customer's cart gets a fresh token, returned here: only
 * its hash was kept, so there is no other way to hand the shopper a key to it.
 * One transaction; both carts are locked in id order so concurrent merges cannot deadlock.
 */
export async function mergeGuestCart(
  db: Db,
  guest: CartAccess,
  customerId: string,
  at: Date,
): Promise<Result<{ cartId: string; token: string }>> {
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select({ id: carts.id })
      .from(carts)
      .where(and(eq(carts.customerId, customerId), eq(carts.status, "open"), ne(carts.id, guest.cartId)))
      .orderBy(desc(carts.updatedAt))
      .limit(1);
    const locked = await tx
      .select()
      .from(carts)
      .where(inArray(carts.id, target ? [guest.cartId, target.id] : [guest.cartId]))
      .orderBy(asc(carts.id))
      .for("update");
    const from = locked.find((c) => c.id === guest.cartId);
    // Someone else's cart looks like no cart at all (G16).
    if (!from || !tokenOpens(from, guest.token) || (from.customerId && from.customerId !== customerId)) {
      return fail("not_found", `No cart ${guest.cartId} for this cart token.`);
    }
    if (from.status !== "open") {
      return fail("cart_not_open", `The cart is ${from.status} and can no longer be changed.`);
    }
    const into = locked.find((c) => c.id === target?.id && c.status === "open");
    if (!into) {
      await attachCartToCustomer(tx, from.id, customerId);
      return ok({ cartId: from.id, token: guest.token });
    }
    await addLinesOf(tx, from, into, at);
    const token = newSecret("ct");
    await tx
      .update(carts)
      .set({
        ...detailsMissingIn(into, from),
        tokenHash: hashCartToken(token),
        updatedAt: at,
        version: sql`${carts.version} + 1`,
      })
      .where(eq(carts.id, into.id));
    await tx.delete(carts).where(eq(carts.id, from.id));
    return ok({ cartId: into.id, token });
  });
}

async function addLinesOf(tx: Db, from: CartRow, into: CartRow, at: Date): Promise<void> {
  for (const line of await findCartLines(tx, from.id)) {
    await tx
      .insert(cartLines)
      .values({
        id: newId("line"),
        cartId: into.id,
        variantId: line.variantId,
        quantity: line.quantity,
        // What the shopper saw in the guest cart still counts; in another currency it says nothing.
        seenUnitPrice: from.currency === into.currency ? line.seenUnitPrice : null,
        addedAt: at,
      })
      .onConflictDoUpdate({
        target: [cartLines.cartId, cartLines.variantId],
        set: { quantity: sql`least(${cartLines.quantity} + ${line.quantity}, ${maxLineQuantity})` },
      });
  }
}

/** What the guest entered that the customer's cart does not have yet; the customer's own wins. */
function detailsMissingIn(into: CartRow, from: CartRow): Partial<CartRow> {
  const details: Partial<CartRow> = {};
  if (!into.email && from.email) details.email = from.email;
  // Address and method travel together: a method is only valid for the address it was chosen for.
  if (!into.shippingAddress && from.shippingAddress) {
    details.shippingAddress = from.shippingAddress;
    if (from.currency === into.currency) details.shippingMethodId = from.shippingMethodId;
  }
  if (!into.paymentProvider && from.paymentProvider) {
    details.paymentProvider = from.paymentProvider;
    details.paymentKind = from.paymentKind;
  }
  const codes = [...new Set([...into.promotionCodes, ...from.promotionCodes])];
  if (codes.length !== into.promotionCodes.length) details.promotionCodes = codes;
  return details;
}
