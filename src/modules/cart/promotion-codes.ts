import type { Context } from "../../shared/context.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { changeOpenCart } from "./cart.repository.ts";
import type { CartAccess } from "./change-lines.ts";
import { type CartPricing, priceCart } from "./price-cart.ts";

/** Most codes one cart may hold; stops a client from turning a cart read into a code scan. */
const maxCodes = 5;

const sameCode = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

/**
 * Enters a promotion code. The cart is re-priced with it under the cart lock: a code that would
 * not apply is refused with the engine's reason (`expired`, `minimum_not_met`, …) and not kept.
 */
export async function addPromotionCode(
  ctx: Context & { pricing: () => CartPricing },
  access: CartAccess,
  code: string,
): Promise<Result<void>> {
  return changeOpenCart(ctx.db, access, ctx.clock.now(), async (tx, cart, set) => {
    const entered = code.trim();
    if (cart.promotionCodes.some((c) => sameCode(c, entered))) return ok(undefined);
    if (cart.promotionCodes.length >= maxCodes) {
      return fail("promotion_code_rejected", `A cart holds at most ${maxCodes} codes.`, {
        meta: { reason: "too_many_codes" },
      });
    }
    const codes = [...cart.promotionCodes, entered];
    set({ promotionCodes: codes });
    const priced = await priceCart(tx, { ...cart, promotionCodes: codes }, ctx.pricing());
    const rejected = priced.promotions.rejected.find((r) => sameCode(r.code, entered));
    if (rejected) {
      return fail(
        "promotion_code_rejected",
        `The code ${entered} does not apply: ${rejected.reason.replaceAll("_", " ")}.`,
        {
          meta: { reason: rejected.reason },
        },
      );
    }
    return ok(undefined);
  });
}

/** Removes an entered code (case-insensitive); removing one that is not there is not an error. */
export async function removePromotionCode(
  ctx: Context,
  access: CartAccess,
  code: string,
): Promise<Result<void>> {
  return changeOpenCart(ctx.db, access, ctx.clock.now(), async (_tx, cart, set) => {
    const codes = cart.promotionCodes.filter((c) => !sameCode(c, code));
    set({ promotionCodes: codes });
    return ok(undefined);
  });
}
