import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { findGiftCardByCode, getGiftCard } from "../promotions/index.ts";
import { changeOpenCart, setOpenCartFields } from "./cart.repository.ts";
import type { CartAccess } from "./change-lines.ts";

/** A gift card on a priced cart: it is tender, not a discount, so it never changes the total. */
export interface CartGiftCard {
  giftCardId: string;
  codeHint: string;
  balance: number;
  /** What it will pay of this cart: min(balance, total). */
  applied: number;
}

/** Applies a gift card by its code; refused with why when it cannot pay for this cart. */
export async function applyGiftCard(ctx: Context, access: CartAccess, code: string): Promise<Result<void>> {
  return changeOpenCart(ctx.db, access, ctx.clock.now(), async (tx, cart, set) => {
    const card = await findGiftCardByCode(tx, code);
    if (card?.status !== "active") return fail("gift_card_not_found", "No active gift card has this code.");
    if (card.expiresAt && card.expiresAt <= ctx.clock.now())
      return fail("gift_card_expired", "This gift card has expired.");
    if (card.currency !== cart.currency) {
      return fail(
        "gift_card_currency_mismatch",
        `This gift card is in ${card.currency}, the cart in ${cart.currency}.`,
      );
    }
    if (card.balance <= 0)
      return fail("gift_card_insufficient_balance", "This gift card has no balance left.");
    set({ giftCardId: card.id });
    return ok(undefined);
  });
}

export async function removeGiftCard(ctx: Context, access: CartAccess): Promise<Result<void>> {
  return setOpenCartFields(ctx.db, access, ctx.clock.now(), { giftCardId: null });
}

/** The cart's gift card if usable now (what it pays is worked out with the totals). Read-only. */
export async function giftCardFor(
  db: Db,
  cart: { giftCardId: string | null; currency: string },
  at: Date,
): Promise<Omit<CartGiftCard, "applied"> | null> {
  if (!cart.giftCardId) return null;
  const card = await getGiftCard(db, cart.giftCardId);
  const usable =
    card?.status === "active" && card.currency === cart.currency && !(card.expiresAt && card.expiresAt <= at);
  if (!card || !usable) return null;
  return {
    giftCardId: card.id,
    codeHint: card.codeHint,
    balance: card.balance,
  };
}
