import { and, eq } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { changeOpenCart } from "./cart.repository.ts";
import type { CartAccess } from "./change-lines.ts";
import { cartLines } from "./schema.ts";

/**
 * The shopper confirms the unit prices a `price_changed` issue showed them: each becomes the
 * line's seen price, which clears the issue. The price confirmed is the one sent, not whatever
 * the catalog says now, so a price that moved again in between is reported again (from the
 * confirmed price to the new one) rather than passing unseen. All lines or none (one transaction).
 */
export async function acknowledgePrices(
  ctx: Context,
  access: CartAccess,
  lines: readonly { lineId: string; unitPrice: { amount: number; currency: string } }[],
): Promise<Result<void>> {
  return changeOpenCart(ctx.db, access, ctx.clock.now(), async (tx, cart) => {
    for (const [i, line] of lines.entries()) {
      if (line.unitPrice.currency !== cart.currency) {
        const message = `must be ${cart.currency}, the cart's currency`;
        return fail("validation_failed", `lines.${i}.unitPrice.currency ${message}.`, {
          errors: [{ field: `lines.${i}.unitPrice.currency`, code: "currency_mismatch", message }],
        });
      }
      const updated = await tx
        .update(cartLines)
        .set({ seenUnitPrice: line.unitPrice.amount })
        .where(and(eq(cartLines.id, line.lineId), eq(cartLines.cartId, cart.id)))
        .returning({ id: cartLines.id });
      if (updated.length === 0) return fail("line_not_found", `No line ${line.lineId} in this cart.`);
    }
    return ok(undefined);
  });
}
