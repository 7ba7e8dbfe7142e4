import { createHash, timingSafeEqual } from "node:crypto";
import { and, asc, eq, getTableColumns, isNull, type SQLWrapper, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { placeholderFor, preparedQuery } from "../../shared/db/prepared-query.ts";
import { FailureError, fail, ok, type Result } from "../../shared/failure.ts";
import { cartLines, carts } from "./schema.ts";

export type CartRow = typeof carts.$inferSelect;
export type CartLineRow = typeof cartLines.$inferSelect;
/** Columns a checkout step may set on a cart (the version and timestamps are not among them). */
export type CartFields = Partial<
  Omit<typeof carts.$inferInsert, "id" | "tokenHash" | "version" | "updatedAt">
>;

/** A cart row with its lines as of the same statement (pricing order: added_at, id). */
export interface CartWithLines {
  cart: CartRow;
  lines: CartLineRow[];
}

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
  const [row] = await cartById(db).execute({ cartId });
  return row && tokenOpens(row, token) ? ok(row) : notFound(cartId);
}

const cartById = preparedQuery((db) =>
  db
    .select()
    .from(carts)
    .where(eq(carts.id, sql.placeholder("cartId")))
    .prepare("cart_by_id"),
);

/** `findCart` with the cart's lines read in the same statement (one round trip, one snapshot). */
export async function findCartWithLines(
  db: Db,
  cartId: string,
  token: string,
): Promise<Result<CartWithLines>> {
  const [row] = await cartWithLinesById(db).execute({ cartId });
  if (!row || !tokenOpens(row, token)) return notFound(cartId);
  const { lines, ...cart } = row;
  return ok({ cart, lines });
}

/** Every cart step reads its cart this way: built once, then only run. */
const cartWithLinesById = preparedQuery((db) =>
  db
    .select({ ...getTableColumns(carts), lines: linesOf(cartsId) })
    .from(carts)
    .where(eq(carts.id, sql.placeholder("cartId")))
    .prepare("cart_with_lines_by_id"),
);

export async function findCartLines(db: Db, cartId: string): Promise<CartLineRow[]> {
  return db
    .select()
    .from(cartLines)
    .where(eq(cartLines.cartId, cartId))
    .orderBy(asc(cartLines.addedAt), asc(cartLines.id));
}

/** The outer statement's cart id, qualified: drizzle leaves a single table's columns bare. */
const cartsId = sql`${sql.identifier("carts")}.id`;

/**
 * The lines of the cart whose id is `cartId` (a column of the outer statement), as a JSON array
 * in the order of `findCartLines`, mapped back to rows. JSON keeps no types, so `added_at` travels
 * as epoch milliseconds (what a Date holds) and numbers as numbers.
 */
function linesOf(cartId: SQLWrapper, from: SQLWrapper = sql`${cartLines}`) {
  return sql<CartLineRow[]>`(select coalesce(json_agg(json_build_object(
      'id', l.id, 'cartId', l.cart_id, 'variantId', l.variant_id, 'quantity', l.quantity,
      'seenUnitPrice', l.seen_unit_price,
      'addedAt', floor(extract(epoch from l.added_at) * 1000)::bigint
    ) order by l.added_at, l.id), '[]'::json) from ${from} l where l.cart_id = ${cartId})`.mapWith(
    toLineRows,
  );
}

interface LineJson {
  id: string;
  cartId: string;
  variantId: string;
  quantity: number;
  seenUnitPrice: number | string | null;
  addedAt: number | string;
}

/** Both drivers parse `json` (pg) or may hand it over as text: accept either. */
function toLineRows(value: unknown): CartLineRow[] {
  const lines = (typeof value === "string" ? JSON.parse(value) : value) as LineJson[];
  return lines.map((l) => ({
    id: l.id,
    cartId: l.cartId,
    variantId: l.variantId,
    quantity: Number(l.quantity),
    seenUnitPrice: l.seenUnitPrice === null ? null : Number(l.seenUnitPrice),
    addedAt: new Date(Number(l.addedAt)),
  }));
}

/**
 * What a change (or a lock) returns: the cart row as written, its lines, and the version the
 * statement's snapshot saw. Lines read in an UPDATE's RETURNING come from the statement's snapshot, taken
 * before it waited for the row lock: if another change committed meanwhile, the row is newer
 * than the lines. Every change to a cart's lines bumps its version in the same transaction, so
 * the lines belong to the row exactly when the row is one version past the snapshot's.
 */
const changedColumns = {
  ...getTableColumns(carts),
  lines: linesOf(cartsId),
  snapshotVersion: sql<number>`(select c.version from ${carts} c where c.id = ${cartsId})`.mapWith(Number),
};

/** The cart as a change left it, and its lines when they are known to belong to it. */
function splitChanged(row: CartRow & { lines: CartLineRow[]; snapshotVersion: number }): {
  cart: CartRow;
  lines: CartLineRow[] | undefined;
} {
  const { lines, snapshotVersion, ...cart } = row;
  return { cart, lines: cart.version === snapshotVersion + 1 ? lines : undefined };
}

/** Locks the cart row for the rest of the transaction (lock, re-read, act). */
export async function lockCart(tx: Db, cartId: string): Promise<CartRow | undefined> {
  const [row] = await cartForUpdate(tx).execute({ cartId });
  return row;
}

const cartForUpdate = preparedQuery((db) =>
  db
    .select()
    .from(carts)
    .where(eq(carts.id, sql.placeholder("cartId")))
    .for("update")
    .prepare("cart_for_update"),
);

/**
 * `lockCart` with the cart's lines in the same statement. They are left out (undefined: read
 * them under the lock) when the statement waited for another change to commit: its snapshot,
 * which the lines come from, is older than the row it locked then.
 */
export async function lockCartWithLines(
  tx: Db,
  cartId: string,
): Promise<{ cart: CartRow; lines: CartLineRow[] | undefined } | undefined> {
  const [row] = await cartWithLinesForUpdate(tx).execute({ cartId });
  if (!row) return undefined;
  const { lines, snapshotVersion, ...cart } = row;
  return { cart, lines: cart.version === snapshotVersion ? lines : undefined };
}

const cartWithLinesForUpdate = preparedQuery((db) =>
  db
    .select({ ...changedColumns })
    .from(carts)
    .where(eq(carts.id, sql.placeholder("cartId")))
    .for("update")
    .prepare("cart_with_lines_for_update"),
);

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
    /**
     * Told the cart as this change left it, once committed (saves the caller a re-read), and its
     * lines when they were read with it (undefined: read them).
     */
    onChanged?: ((cart: CartRow, lines: CartLineRow[] | undefined) => void) | undefined;
  },
  at: Date,
  change: (tx: Db, cart: CartRow, set: (fields: CartFields) => void) => Promise<Result<T>>,
): Promise<Result<T>> {
  let changed: ReturnType<typeof splitChanged> | undefined;
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
      const [row] = await tx
        .update(carts)
        .set({ ...fields, version: sql`${carts.version} + 1`, updatedAt: at })
        .where(eq(carts.id, cart.id))
        .returning(changedColumns);
      changed = row && splitChanged(row);
      return result;
    });
    if (result.ok && changed) access.onChanged?.(changed.cart, changed.lines);
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
  if (await updateOpenCart(db, access, at, fields)) return ok(undefined);
  const [cart] = await db.select().from(carts).where(eq(carts.id, access.cartId));
  return refusal(cart, access) ?? fail("cart_version_conflict", "The cart changed meanwhile; retry.");
}

/**
 * Sets fields that need no check while the cart has no shipping method chosen (an address: a
 * method is what would have to be checked against it), in one statement. False when nothing was
 * written: the cart has a method, or refuses the change; the caller's checked path says which.
 */
export async function setFieldsWhileNoShippingMethod(
  db: Db,
  access: Parameters<typeof changeOpenCart>[1],
  at: Date,
  fields: CartFields,
): Promise<boolean> {
  return updateOpenCart(db, access, at, fields, true);
}

/**
 * The UPDATE of `setOpenCartFields`, also while the cart has no shipping method when asked;
 * true when it wrote.
 */
async function updateOpenCart(
  db: Db,
  access: Parameters<typeof changeOpenCart>[1],
  at: Date,
  fields: CartFields,
  whileNoMethod = false,
): Promise<boolean> {
  const set = Object.entries(fields).filter(([, value]) => value !== undefined);
  const query = openCartUpdate(
    set.map(([name]) => name as keyof CartFields),
    access.expectedVersion !== undefined,
    whileNoMethod,
  );
  const [changed] = await query(db).execute({
    ...Object.fromEntries(set.map(([name, value]) => [`set_${name}`, value])),
    cartId: access.cartId,
    tokenHash: hashCartToken(access.token),
    version: access.expectedVersion,
    at,
  });
  if (!changed) return false;
  const { cart, lines } = splitChanged(changed);
  access.onChanged?.(cart, lines);
  return true;
}

/**
 * The statement of `updateOpenCart` for one shape (fields set, version checked, method
 * condition), built the first time that shape is asked for: a store has a handful of them.
 */
function openCartUpdate(fields: (keyof CartFields)[], checksVersion: boolean, whileNoMethod: boolean) {
  const shape = `${fields.join(",")}|${checksVersion}|${whileNoMethod}`;
  let query = openCartUpdates.get(shape);
  if (!query) {
    query = preparedQuery(buildOpenCartUpdate(fields, checksVersion, whileNoMethod, openCartUpdates.size));
    openCartUpdates.set(shape, query);
  }
  return query;
}

const buildOpenCartUpdate =
  (fields: (keyof CartFields)[], checksVersion: boolean, whileNoMethod: boolean, n: number) => (db: Db) =>
    db
      .update(carts)
      .set({
        ...Object.fromEntries(fields.map((name) => [name, placeholderFor(carts[name], `set_${name}`)])),
        version: sql`${carts.version} + 1`,
        updatedAt: placeholderFor(carts.updatedAt, "at"),
      })
      .where(
        and(
          eq(carts.id, sql.placeholder("cartId")),
          eq(carts.tokenHash, sql.placeholder("tokenHash")),
          eq(carts.status, "open"),
          checksVersion ? eq(carts.version, sql.placeholder("version")) : undefined,
          whileNoMethod ? isNull(carts.shippingMethodId) : undefined,
        ),
      )
      .returning(changedColumns)
      .prepare(`open_cart_update_${n}`);

const openCartUpdates = new Map<string, (db: Db) => ReturnType<ReturnType<typeof buildOpenCartUpdate>>>();

/**
 * Puts one line (the cart's line of `line.variantId`: added, or its quantity and seen price
 * replaced) on a cart still as it was read (`cart.version`, open, same token) and bumps the
 * version, in one statement. Undefined when the cart moved since the read: nothing is written.
 * The cart row is updated first, so its lock is taken before the line's, as under changeOpenCart;
 * the version matching under that lock means no change committed since the read, so the lines
 * this statement sees (plus the one it put) are the cart's.
 */
export async function putLineAtVersion(
  db: Db,
  cart: CartRow,
  line: { id: string; variantId: string; quantity: number; seenUnitPrice: number | null },
  at: Date,
): Promise<CartWithLines | undefined> {
  const [row] = await lineAtVersion(db).execute({
    cartId: cart.id,
    tokenHash: cart.tokenHash,
    version: cart.version,
    lineId: line.id,
    variantId: line.variantId,
    quantity: line.quantity,
    seenUnitPrice: line.seenUnitPrice,
    at: at.toISOString(),
  });
  if (!row) return undefined;
  const { lines, ...changed } = row;
  return { cart: changed, lines };
}

/** The statement of `putLineAtVersion`, built once: every add to cart runs it. */
const lineAtVersion = preparedQuery((db) => {
  const p = (name: string) => sql.placeholder(name);
  const bumped = db.$with("bumped").as(
    db
      .update(carts)
      .set({ version: sql`${carts.version} + 1`, updatedAt: sql`${p("at")}::timestamptz` })
      .where(
        and(
          eq(carts.id, p("cartId")),
          eq(carts.tokenHash, p("tokenHash")),
          eq(carts.status, "open"),
          eq(carts.version, p("version")),
        ),
      )
      .returning(),
  );
  const put = db.$with("put", { id: sql<string>`id` }).as(
    sql`insert into ${cartLines} (id, cart_id, variant_id, quantity, seen_unit_price, added_at)
      select ${p("lineId")}, ${bumped.id}, ${p("variantId")}, ${p("quantity")}::int,
        ${p("seenUnitPrice")}::bigint, ${p("at")}::timestamptz
      from ${bumped}
      on conflict (cart_id, variant_id) do update
        set quantity = excluded.quantity, seen_unit_price = excluded.seen_unit_price
      returning *`,
  );
  const others = sql`(select * from ${cartLines} where cart_id = ${p("cartId")} and variant_id <> ${p("variantId")}
    union all select * from ${put})`;
  return db
    .with(bumped, put)
    .select({ ...bumped._.selectedFields, lines: linesOf(sql`${sql.identifier("bumped")}.id`, others) })
    .from(bumped)
    .prepare("put_line_at_version");
});

/** Why a cart refuses a change, or undefined when it takes it. */
export function refusal(
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
  decide: (cart: CartRow, lines: CartLineRow[]) => Promise<Result<CartFields>>,
): Promise<Result<void>> {
  for (let attempt = 1; ; attempt++) {
    const read = await findCartWithLines(db, access.cartId, access.token);
    if (!read.ok) return read;
    const refused = refusal(read.value.cart, access);
    if (refused) return refused;
    const decided = await decide(read.value.cart, read.value.lines);
    if (!decided.ok) return decided;
    const pinned = { ...access, expectedVersion: read.value.cart.version };
    const written = await setOpenCartFields(db, pinned, at, decided.value);
    const moved = !written.ok && written.failure.code === "cart_version_conflict";
    // With If-Match the client asked for that version: a move is its conflict, not ours to retry.
    if (!moved || access.expectedVersion !== undefined || attempt === 10) return written;
  }
}
