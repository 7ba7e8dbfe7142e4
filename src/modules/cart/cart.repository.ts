import { createHash, timingSafeEqual } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { FailureError, fail, ok, type Result } from "../../shared/failure.ts";
import { cartLines, carts } from "./schema.ts";

export type CartRow = typeof carts.$inferSelect;
export type CartLineRow = typeof cartLines.$inferSelect;
/** Columns a checkout step may set on a cart (the version and timestamps are not among them). */
export type CartFields = Partial<
  Omit<typeof carts.$inferInsert, "id" | "tokenHash" | "version" | "updatedAt">
>;

export const hashCartToken = (token: string) => createHash("sha256").update(token).digest("hex");

const notFound = (cartId: string) => fail<never>("not_found", `No cart ${cartId} for this cart token.`);

/** True when `token` opens this cart; constant-time so tokens cannot be found by timing. */
export function tokenOpens(row: CartRow, token: string): boolean {
  const given = Buffer.from(hashCartToken(token), "hex");
  const stored = Buffer.from(row.tokenHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** Reads a cart the caller holds the token for. Unknown id and wrong token look the same (G16). */
export async function findCart(db: Db, cartId: string, token: string): Promise<Result<CartRow>> {
  const [row] = await db.select().from(carts).where(eq(carts.id, cartId));
  return row && tokenOpens(row, token) ? ok(row) : notFound(cartId);
}

export async function findCartLines(db: Db, cartId: string): Promise<CartLineRow[]> {
  return db
    .select()
    .from(cartLines)
    .where(eq(cartLines.cartId, cartId))
    .orderBy(asc(cartLines.addedAt), asc(cartLines.id));
}

/** Locks the cart row for the rest of the transaction (lock, re-read, act). */
export async function lockCart(tx: Db, cartId: string): Promise<CartRow | undefined> {
  const [row] = await tx.select().from(carts).where(eq(carts.id, cartId)).for("update");
  return row;
}

/**
 * Runs `change` on an open cart under its row lock and bumps its version, so parallel edits
 * serialize and none is lost. A cart being completed refuses edits (409 cart_not_open), an
 * expired one too (410 cart_expired), and so does a stale `expectedVersion` (the client's
 * If-Match: 412 cart_version_conflict), checked under the lock so two clients cannot both win.
 */
export async function changeOpenCart<T>(
  db: Db,
  access: {
    cartId: string;
    token: string;
    expectedVersion?: number | undefined;
    /** Told the cart as this change left it, once committed (saves the caller a re-read). */
    onChanged?: ((cart: CartRow) => void) | undefined;
  },
  at: Date,
  change: (tx: Db, cart: CartRow, set: (fields: CartFields) => void) => Promise<Result<T>>,
): Promise<Result<T>> {
  let changed: CartRow | undefined;
  let fields: CartFields = {};
  // Fields a change sets are written by the version bump: one statement instead of two.
  const set = (more: CartFields) => {
    fields = { ...fields, ...more };
  };
  try {
    const result = await db.transaction(async (tx) => {
      const cart = await lockCart(tx, access.cartId);
      const refused = refusal(cart, access);
      if (refused || !cart) return refused ?? notFound(access.cartId);
      const result = await change(tx, cart, set);
      if (!result.ok) throw new FailureError(result.failure); // roll back anything written
      [changed] = await tx
        .update(carts)
        .set({ ...fields, version: sql`${carts.version} + 1`, updatedAt: at })
        .where(eq(carts.id, cart.id))
        .returning();
      return result;
    });
    if (result.ok && changed) access.onChanged?.(changed);
    return result;
  } catch (error) {
    if (error instanceof FailureError) return { ok: false, failure: error.failure };
    throw error;
  }
}

/**
 * `changeOpenCart` for a change that only sets fields: one conditional UPDATE instead of a
 * transaction (begin, lock, update, commit). The cart must be open, opened by the token and, when
 * given, at `expectedVersion`; when no row matches, a read says which of those failed, with the
 * same codes as `changeOpenCart`.
 */
export async function setOpenCartFields(
  db: Db,
  access: Parameters<typeof changeOpenCart>[1],
  at: Date,
  fields: CartFields,
): Promise<Result<void>> {
  const [changed] = await db
    .update(carts)
    .set({ ...fields, version: sql`${carts.version} + 1`, updatedAt: at })
    .where(
      and(
        eq(carts.id, access.cartId),
        eq(carts.tokenHash, hashCartToken(access.token)),
        eq(carts.status, "open"),
        access.expectedVersion === undefined ? undefined : eq(carts.version, access.expectedVersion),
      ),
    )
    .returning();
  if (changed) {
    access.onChanged?.(changed);
    return ok(undefined);
  }
  const [cart] = await db.select().from(carts).where(eq(carts.id, access.cartId));
  return refusal(cart, access) ?? fail("cart_version_conflict", "The cart changed meanwhile; retry.");
}

/** Why a cart refuses a change, or undefined when it takes it. */
function refusal(
  cart: CartRow | undefined,
  access: { cartId: string; token: string; expectedVersion?: number | undefined },
): Result<never> | undefined {
  if (!cart || !tokenOpens(cart, access.token)) return notFound(access.cartId);
  if (cart.status === "expired") {
    return fail("cart_expired", "The cart expired after being idle too long; start a new cart.");
  }
  if (cart.status !== "open") {
    return fail("cart_not_open", `The cart is ${cart.status} and can no longer be changed.`);
  }
  if (access.expectedVersion !== undefined && access.expectedVersion !== cart.version) {
    return fail(
      "cart_version_conflict",
      `The cart is at version ${cart.version}, not ${access.expectedVersion}; re-read it and retry.`,
      { meta: { version: cart.version } },
    );
  }
  return undefined;
}

/**
 * Sets fields decided from a read of the cart (what `decide` checks may lie outside the cart,
 * e.g. shipping rates): written only if the cart is still at the version read, else decided
 * again. Without a transaction or a lock held while `decide` reads: two round trips when
 * nothing races. A client's If-Match is honoured as in `changeOpenCart`.
 */
export async function setCheckedCartFields(
  db: Db,
  access: Parameters<typeof changeOpenCart>[1],
  at: Date,
  decide: (cart: CartRow) => Promise<Result<CartFields>>,
): Promise<Result<void>> {
  for (let attempt = 1; ; attempt++) {
    const read = await findCart(db, access.cartId, access.token);
    if (!read.ok) return read;
    const refused = refusal(read.value, access);
    if (refused) return refused;
    const decided = await decide(read.value);
    if (!decided.ok) return decided;
    const pinned = { ...access, expectedVersion: read.value.version };
    const written = await setOpenCartFields(db, pinned, at, decided.value);
    const moved = !written.ok && written.failure.code === "cart_version_conflict";
    // With If-Match the client asked for that version: a move is its conflict, not ours to retry.
    if (!moved || access.expectedVersion !== undefined || attempt === 10) return written;
  }
}
