import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import type { CartFx } from "../catalog/index.ts";
import { type CartStatus, carts } from "./schema.ts";

/**
 * Status moves of a cart during checkout completion, called by the checkout module inside its
 * transactions. Each is a conditional update, so it happens once even when raced.
 */
async function move(
  tx: Db,
  cartId: string,
  from: CartStatus,
  to: CartStatus,
  at: Date,
  fx: Partial<Pick<typeof carts.$inferInsert, "fxRate" | "fxLockedAt">> = {},
): Promise<boolean> {
  const rows = await tx
    .update(carts)
    .set({ status: to, version: sql`${carts.version} + 1`, updatedAt: at, ...fx })
    .where(and(eq(carts.id, cartId), eq(carts.status, from)))
    .returning({ id: carts.id });
  return rows.length > 0;
}

/**
 * Freezes an open cart: from now on it refuses edits. The exchange rate it was priced at is
 * locked with it, so the amount authorized and the order's settlement use one rate.
 */
export const freezeCart = (tx: Db, cartId: string, at: Date, fx?: CartFx | null) =>
  move(tx, cartId, "open", "completing", at, fx ? { fxRate: fx.rate, fxLockedAt: at } : {});
/** Marks a frozen cart as turned into an order; final. */
export const markCartCompleted = (tx: Db, cartId: string, at: Date) =>
  move(tx, cartId, "completing", "completed", at);
/** Gives a frozen cart back to the shopper after a failed attempt. */
export const reopenCart = (tx: Db, cartId: string, at: Date) =>
  move(tx, cartId, "completing", "open", at, { fxRate: null, fxLockedAt: null });
