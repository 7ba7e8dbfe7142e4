import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { placeholderFor, preparedQuery } from "../../shared/db/prepared-query.ts";
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
  fx?: { fxRate: string | null; fxLockedAt: Date | null },
): Promise<boolean> {
  const values = { cartId, from, to, at };
  const rows = await (fx ? moveWithFx(tx).execute({ ...values, ...fx }) : moveOnly(tx).execute(values));
  return rows.length > 0;
}

const moveStatus = (db: Db, fx: boolean) =>
  db
    .update(carts)
    .set({
      status: placeholderFor(carts.status, "to"),
      version: sql`${carts.version} + 1`,
      updatedAt: placeholderFor(carts.updatedAt, "at"),
      ...(fx
        ? {
            fxRate: placeholderFor(carts.fxRate, "fxRate"),
            fxLockedAt: placeholderFor(carts.fxLockedAt, "fxLockedAt"),
          }
        : {}),
    })
    .where(and(eq(carts.id, sql.placeholder("cartId")), eq(carts.status, sql.placeholder("from"))))
    .returning({ id: carts.id });
const moveOnly = preparedQuery((db) => moveStatus(db, false).prepare("cart_move"));
const moveWithFx = preparedQuery((db) => moveStatus(db, true).prepare("cart_move_with_fx"));

/**
 * Freezes an open cart: from now on it refuses edits. The exchange rate it was priced at is
 * locked with it, so the amount authorized and the order's settlement use one rate.
 */
export const freezeCart = (tx: Db, cartId: string, at: Date, fx?: CartFx | null) =>
  move(tx, cartId, "open", "completing", at, fx ? { fxRate: fx.rate, fxLockedAt: at } : undefined);
/** Marks a frozen cart as turned into an order; final. */
export const markCartCompleted = (tx: Db, cartId: string, at: Date) =>
  move(tx, cartId, "completing", "completed", at);
/** Gives a frozen cart back to the shopper after a failed attempt. */
export const reopenCart = (tx: Db, cartId: string, at: Date) =>
  move(tx, cartId, "completing", "open", at, { fxRate: null, fxLockedAt: null });
