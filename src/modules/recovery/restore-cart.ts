import type { Context } from "../../shared/context.ts";
import { ok, type Result } from "../../shared/failure.ts";
import { type PricedCart, priceCart, reissueCartToken } from "../cart/index.ts";
import type { TaxSettings } from "../tax/index.ts";
import { verifyRestoreToken } from "./recovery-links.ts";

/**
 * Exchanges a signed restore link for the cart and a fresh cart token, so the storefront can
 * resume where the shopper left off. Refused: a changed or cut signature (400
 * recovery_link_invalid), an expired link (410 recovery_link_expired), a cart no longer open
 * (409 cart_not_open). The cart's previous token stops working; using the link again works
 * until it expires (each use issues a new token).
 */
export async function restoreCart(
  ctx: Context & { tax: TaxSettings; secret: string },
  token: string,
): Promise<Result<{ cart: PricedCart; token: string }>> {
  const now = ctx.clock.now();
  const verified = verifyRestoreToken(ctx.secret, token, now);
  if (!verified.ok) return verified;
  const reissued = await reissueCartToken(ctx.db, verified.value.cartId, now);
  if (!reissued.ok) return reissued;
  const cart = await priceCart(ctx.db, reissued.value.cart, { tax: ctx.tax, at: now });
  return ok({ cart, token: reissued.value.token });
}
