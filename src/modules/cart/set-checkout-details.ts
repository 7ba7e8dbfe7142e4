import { eq } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { validateAddress } from "../addresses/index.ts";
import { findShippingOption } from "../shipping/index.ts";
import { checkVatId } from "../tax/index.ts";
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
 * Checkout step "shipping address", checked against the country's rules (field errors under
 * `shippingAddress.*`) and stored normalized. A chosen shipping method that no longer serves the
 * new country is cleared, so the shopper is asked again instead of being charged a wrong rate.
 */
export async function setShippingAddress(
  ctx: Context,
  access: CartAccess,
  given: Address,
): Promise<Result<void>> {
  const valid = validateAddress(given, "shippingAddress");
  if (!valid.ok) return valid;
  const address = valid.value;
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

/**
 * Checkout step "billing": the invoice address (null: same as shipping) and an optional VAT ID
 * for B2B invoices. The VAT ID's format and check digits are verified here; whether it earns a
 * reverse charge is the tax engine's call on every pricing.
 */
export async function setBilling(
  ctx: Context,
  access: CartAccess,
  input: { address: Address | null; vatId: string | null },
): Promise<Result<void>> {
  let billingAddress: Address | null = null;
  if (input.address) {
    const valid = validateAddress(input.address, "billingAddress");
    if (!valid.ok) return valid;
    billingAddress = valid.value;
  }
  let vatId: string | null = null;
  if (input.vatId?.trim()) {
    const check = checkVatId(input.vatId);
    if (!check.valid) {
      const message = `${input.vatId} is not a valid VAT ID (${check.reason.replace("_", " ")})`;
      return fail("validation_failed", `vatId: ${message}`, {
        errors: [{ field: "vatId", code: "invalid_vat_id", message }],
      });
    }
    vatId = check.normalized;
  }
  return changeOpenCart(ctx.db, access, ctx.clock.now(), async (tx, cart) => {
    await tx.update(carts).set({ billingAddress, vatId }).where(eq(carts.id, cart.id));
    return ok(undefined);
  });
}
