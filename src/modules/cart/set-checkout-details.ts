import type { Context } from "../../shared/context.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { validateAddress } from "../addresses/index.ts";
import { findShippingOption, listShippingOptions } from "../shipping/index.ts";
import { checkVatId } from "../tax/index.ts";
import {
  type CartWithLines,
  setCheckedCartFields,
  setFieldsWhileNoShippingMethod,
  setOpenCartFields,
} from "./cart.repository.ts";
import type { CartAccess } from "./change-lines.ts";
import type { Address } from "./schema.ts";
import { shippingFactsOf } from "./shipping-facts.ts";

/** Checkout step "contact": the email the order confirmation goes to. */
export async function setContact(ctx: Context, access: CartAccess, email: string): Promise<Result<void>> {
  return setOpenCartFields(ctx.db, access, ctx.clock.now(), { email: email.trim().toLowerCase() });
}

/**
 * Checkout step "shipping address", checked against the country's rules (field errors under
 * `shippingAddress.*`) and stored normalized. A chosen shipping method (or pickup location) no
 * longer offered for the new address is cleared, so the shopper is asked again instead of being
 * charged a wrong rate.
 */
export async function setShippingAddress(
  ctx: Context,
  access: CartAccess,
  given: Address,
): Promise<Result<void>> {
  const valid = validateAddress(given, "shippingAddress");
  if (!valid.ok) return valid;
  const address = valid.value;
  const at = ctx.clock.now();
  // No method chosen (the usual order of steps): nothing to check, one statement.
  const unchecked = { shippingAddress: address, pickupLocationId: null };
  if (await setFieldsWhileNoShippingMethod(ctx.db, access, at, unchecked)) return ok(undefined);
  // A chosen method is checked against the new address from the caches, then written only if
  // the cart did not move meanwhile (see setCheckedCartFields).
  return setCheckedCartFields(ctx.db, access, at, async (cart, lines) => {
    let shippingMethodId = cart.shippingMethodId;
    let pickupLocationId = cart.pickupLocationId;
    if (shippingMethodId) {
      const still = await findShippingOption(
        ctx.db,
        shippingMethodId,
        { ...address, currency: cart.currency },
        await shippingFactsOf(ctx.db, cart, at, lines),
      );
      const pickupStill =
        still?.kind !== "pickup" || still.pickupLocations.some((l) => l.id === pickupLocationId);
      if (!still || !pickupStill) shippingMethodId = null;
    }
    if (!shippingMethodId) pickupLocationId = null;
    return ok({ shippingAddress: address, shippingMethodId, pickupLocationId });
  });
}

/**
 * Checkout step "shipping method": must be offered for the cart's address, currency, weight and
 * subtotal. A pickup method needs no address (its locations in the store's country are offered
 * before one is given) but a pickup location: `pickupLocationId`, optional when it has only one.
 *
 * Rates depend on the catalog, promotions and shipping configuration, which the cart's lock does
 * not cover, so the choice is checked against a read of the cart, from their caches, and written
 * only if the cart is still at the version checked (setCheckedCartFields). Completion re-checks
 * the method inside its transaction either way.
 */
export async function setShippingMethod(
  ctx: Context & { storeCountry: string },
  access: CartAccess,
  choice: { methodId: string; pickupLocationId?: string | undefined },
): Promise<Result<void>> {
  const at = ctx.clock.now();
  return setCheckedCartFields(ctx.db, access, at, (cart, lines) =>
    checkShippingChoice(ctx, { cart, lines }, choice, at),
  );
}

/** The fields a valid choice sets on this cart, or why it is not offered. */
async function checkShippingChoice(
  ctx: Context & { storeCountry: string },
  { cart, lines }: CartWithLines,
  choice: { methodId: string; pickupLocationId?: string | undefined },
  at: Date,
): Promise<Result<{ shippingMethodId: string; pickupLocationId: string | null }>> {
  const address = cart.shippingAddress;
  const options = await listShippingOptions(
    ctx.db,
    { ...(address ?? { country: ctx.storeCountry }), currency: cart.currency },
    await shippingFactsOf(ctx.db, cart, at, lines),
  );
  const option = options.find((o) => o.methodId === choice.methodId);
  if (!address && option?.kind !== "pickup")
    return fail("checkout_incomplete", "Set a shipping address before choosing a shipping method.");
  if (!option) {
    return fail(
      "shipping_method_unavailable",
      `Shipping method ${choice.methodId} is not offered for this cart to ${address?.country}.`,
    );
  }
  let pickupLocationId: string | null = null;
  if (option.kind === "pickup") {
    const locations = option.pickupLocations;
    const only = locations.length === 1 ? locations[0]!.id : undefined;
    pickupLocationId = choice.pickupLocationId ?? only ?? null;
    if (!pickupLocationId || !locations.some((l) => l.id === pickupLocationId)) {
      const message = choice.pickupLocationId
        ? `${choice.pickupLocationId} is not a location of ${option.code} here`
        : `choose one of ${locations.map((l) => l.id).join(", ")}`;
      return fail("pickup_location_unavailable", `pickupLocationId: ${message}.`, {
        errors: [{ field: "pickupLocationId", code: "pickup_location_unavailable", message }],
      });
    }
  }
  return ok({ shippingMethodId: choice.methodId, pickupLocationId });
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
  return setOpenCartFields(ctx.db, access, ctx.clock.now(), { billingAddress, vatId });
}

/** A payment method the store offers: the provider completion is sent with, and its kind. */
export interface OfferedPaymentMethod {
  provider: string;
  kind: string;
}

/**
 * Checkout step "payment method": one of the methods the store offers (`offered`, the enabled
 * providers). Whether a purchase order is allowed for this buyer, and the card token, are
 * checked at completion, which still names the provider it pays with.
 */
export async function setPaymentMethod(
  ctx: Context & { paymentMethods: () => readonly OfferedPaymentMethod[] },
  access: CartAccess,
  provider: string,
): Promise<Result<void>> {
  const offered = ctx.paymentMethods();
  const method = offered.find((m) => m.provider === provider);
  if (!method) {
    const message = `${provider} is not offered; use one of ${offered.map((m) => m.provider).join(", ")}`;
    return fail("unsupported_payment_provider", `provider: ${message}.`, {
      errors: [{ field: "provider", code: "unsupported_payment_provider", message }],
    });
  }
  return setOpenCartFields(ctx.db, access, ctx.clock.now(), {
    paymentProvider: method.provider,
    paymentKind: method.kind,
  });
}
