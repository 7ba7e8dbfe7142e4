import { and, asc, eq, exists, gt, isNotNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newSecret } from "../../shared/ids.ts";
import { type CartRow, hashCartToken } from "./cart.repository.ts";
import { cartLines, carts } from "./schema.ts";

/** Where an idle-cart scan left off: carts are read in (updatedAt, id) order. */
export interface IdleCartCursor {
  updatedAt: Date;
  id: string;
}

export interface IdleCart {
  id: string;
  email: string;
  currency: string;
  customerId: string | null;
  updatedAt: Date;
}

/**
 * Open carts with a contact email and at least one line, untouched since `idleBefore`, after
 * `after` in (updatedAt, id) order: what abandoned-cart recovery looks at. Read-only.
 */
export async function listIdleCarts(
  db: Db,
  query: { idleBefore: Date; after: IdleCartCursor | null; limit: number },
): Promise<IdleCart[]> {
  const { after } = query;
  const rows = await db
    .select({
      id: carts.id,
      email: carts.email,
      currency: carts.currency,
      customerId: carts.customerId,
      updatedAt: carts.updatedAt,
    })
    .from(carts)
    .where(
      and(
        eq(carts.status, "open"),
        isNotNull(carts.email),
        lte(carts.updatedAt, query.idleBefore),
        after
          ? or(
              gt(carts.updatedAt, after.updatedAt),
              and(eq(carts.updatedAt, after.updatedAt), gt(carts.id, after.id)),
            )
          : undefined,
        exists(db.select({ one: sql`1` }).from(cartLines).where(eq(cartLines.cartId, carts.id))),
      ),
    )
    .orderBy(asc(carts.updatedAt), asc(carts.id))
    .limit(query.limit);
  return rows.map((r) => ({ ...r, email: r.email! }));
}

/** A cart by id without its token, with its line count: for recovery's own checks, never for a shopper. */
export async function findCartForRecovery(
  db: Db,
  cartId: string,
): Promise<{ cart: CartRow; lineCount: number } | undefined> {
  const [cart] = await db.select().from(carts).where(eq(carts.id, cartId));
  if (!cart) return undefined;
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(cartLines)
    .where(eq(cartLines.cartId, cartId));
  return { cart, lineCount: Number(count?.n ?? 0) };
}

/**
 * Gives an open cart a new token and returns it: how a shopper holding a verified restore link
 * gets back into a cart whose token only its first browser knew (the table keeps a hash only).
 * The old token stops working. Counts as activity (updatedAt). Refused unless the cart is open.
 */
export async function reissueCartToken(
  db: Db,
  cartId: string,
  at: Date,
): Promise<Result<{ cart: CartRow; token: string }>> {
  const token = newSecret("ct");
  const [row] = await db
    .update(carts)
    .set({ tokenHash: hashCartToken(token), updatedAt: at })
    .where(and(eq(carts.id, cartId), eq(carts.status, "open")))
    .returning();
  if (row) return ok({ cart: row, token });
  const [existing] = await db.select({ status: carts.status }).from(carts).where(eq(carts.id, cartId));
  if (!existing) return fail("not_found", `No cart ${cartId}.`);
  return fail("cart_not_open", `The cart is ${existing.status}: it can no longer be restored.`);
}
