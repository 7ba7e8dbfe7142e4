import { eq } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { findShippingOption } from "../shipping/index.ts";
import { changeOpenCart } from "./cart.repository.ts";
import type { CartAccess } from "./change-lines.ts";
import { type Address, carts } from "./schema.ts";

/** Checkout step "contact": the email the order confirmation goes to. */
export async function setContact(ctx: Context, access: CartAccess, email: string): Promise<Result<void>> {
  return changeOpenCart(ctx.db, access, ctx.clock.now(), async (tx, cart) => {
    await tx.update(carts).set({ email: email.trim().toLowerCase() }).where(eq(carts.id, cart.id));
    return ok(undefined);
  });
}

/**
 * Checkout step "shipping address". A chosen shipping method that no longer serves the new
 * country is cleared, so the shopper is asked again instead of being charged a wrong rate.
 */
export async function setShippingAddress(
  ctx: Context,
  access: CartAccess,
  address: Address,
): Promise<Result<void>> {
  return changeOpenCart(ctx.db, access, ctx.clock.now(), async (tx, cart) => {
    let shippingMethodId = cart.shippingMethodId;
    if (shippingMethodId) {
      const still = await findShippingOption(tx, shippingMethodId, {
        country: address.country,
        currency: cart.currency,
      });
      if (!still) shippingMethodId = null;
    }
    await tx.update(carts).set({ shippingAddress: address, shippingMethodId }).where(eq(carts.id, cart.id));
    return ok(undefined);
  });
}

/** Checkout step "shipping method": must be offered for the cart's address and currency. */
export async function setShippingMethod(
  ctx: Context,
  access: CartAccess,
  methodId: string,
): Promise<Result<void>> {
  return changeOpenCart(ctx.db, access, ctx.clock.now(), async (tx, cart) => {
    if (!cart.shippingAddress)
      return fail("checkout_incomplete", "Set a shipping address before choosing a shipping method.");
    const option = await findShippingOption(tx, methodId, {
      country: cart.shippingAddress.country,
      currency: cart.currency,
    });
    if (!option) {
      return fail(
        "shipping_method_unavailable",
        `Shipping method ${methodId} does not deliver to ${cart.shippingAddress.country}.`,
      );
    }
    await tx.update(carts).set({ shippingMethodId: methodId }).where(eq(carts.id, cart.id));
    return ok(undefined);
  });
}
