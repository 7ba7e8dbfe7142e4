import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CartLineRow,
  type CartRow,
  changeOpenCart,
  findCartLines,
  findCartWithLines,
  hashCartToken,
  lockCartWithLines,
  putLineAtVersion,
  setOpenCartFields,
} from "../../src/modules/cart/cart.repository.ts";
import { cartLines, carts } from "../../src/modules/cart/schema.ts";
import type { Database } from "../../src/shared/db/database.ts";
import { ok } from "../../src/shared/failure.ts";
import { type DatabaseKind, databaseKinds, openTestDatabase } from "../support/database.ts";

// Cart steps read a cart's lines in the statement that reads or changes the cart (a JSON
// subselect) instead of a second query. JSON keeps no types: these tests hold the lines that come
// back that way to a separate read of cart_lines, field for field and in the same order.
const at = new Date("2026-06-01T12:00:00.123Z");
const token = "ct_test_token_0123456789";

describe.each(databaseKinds())("a cart's lines read with the cart on %s", (kind: DatabaseKind) => {
  let database: Database;
  let n = 0;
  beforeAll(async () => {
    database = await openTestDatabase(kind, { poolSize: 5 });
  });
  afterAll(async () => database?.close());

  async function newCart(): Promise<CartRow> {
    const [row] = await database.db
      .insert(carts)
      .values({
        id: `cart_t${++n}`,
        tokenHash: hashCartToken(token),
        currency: "USD",
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    return row!;
  }

  /** Lines that sort by added_at, then by id (ties, ids out of insertion order), with odd values. */
  async function addAwkwardLines(cartId: string) {
    const line = (id: string, variantId: string, addedAt: Date, seenUnitPrice: number | null) => ({
      id,
      cartId,
      variantId,
      quantity: 3,
      seenUnitPrice,
      addedAt,
    });
    await database.db
      .insert(cartLines)
      .values([
        line(`${cartId}_z`, "v1", at, 1999),
        line(`${cartId}_a`, "v2", at, null),
        line(`${cartId}_m`, "v3", new Date(at.getTime() - 60_000), 9_007_199_254_740),
        line(`${cartId}_b`, "v4", new Date(at.getTime() + 1), 0),
      ]);
    // A timestamp finer than a Date (written by SQL, not by the app) comes back as the driver reads it.
    await database.db.execute(
      sql`update cart_lines set added_at = added_at + interval '0.000789 seconds' where id = ${`${cartId}_b`}`,
    );
  }

  it("comes back equal to a separate read of the lines, order included", async () => {
    const cart = await newCart();
    await addAwkwardLines(cart.id);
    const read = await findCartWithLines(database.db, cart.id, token);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const separate = await findCartLines(database.db, cart.id);
    expect(separate.map((l) => l.variantId)).toEqual(["v3", "v2", "v1", "v4"]);
    expect(read.value.lines).toEqual(separate);
    expect(read.value.cart).toEqual((await database.db.select().from(carts).where(eq(carts.id, cart.id)))[0]);
  });

  it("is an empty list for a cart without lines, and not found for a wrong token", async () => {
    const cart = await newCart();
    const read = await findCartWithLines(database.db, cart.id, token);
    expect(read.ok && read.value.lines).toEqual([]);
    const wrong = await findCartWithLines(database.db, cart.id, "ct_not_the_token_000");
    expect(wrong.ok || wrong.failure.code).toBe("not_found");
  });

  it("comes back from a one-statement change with the cart as written", async () => {
    const cart = await newCart();
    await addAwkwardLines(cart.id);
    let told: { cart: CartRow; lines: CartLineRow[] | undefined } | undefined;
    const access = {
      cartId: cart.id,
      token,
      onChanged: (c: CartRow, lines: CartLineRow[] | undefined) => {
        told = { cart: c, lines };
      },
    };
    expect((await setOpenCartFields(database.db, access, at, { email: "ada@example.com" })).ok).toBe(true);
    expect(told?.cart).toMatchObject({ version: 2, email: "ada@example.com" });
    expect(told?.lines).toEqual(await findCartLines(database.db, cart.id));
  });

  it("comes back from a locked change with the lines it changed", async () => {
    const cart = await newCart();
    await addAwkwardLines(cart.id);
    let lines: CartLineRow[] | undefined;
    const access = {
      cartId: cart.id,
      token,
      onChanged: (_: CartRow, l: CartLineRow[] | undefined) => {
        lines = l;
      },
    };
    const changed = await changeOpenCart(database.db, access, at, async (tx) => {
      await tx.delete(cartLines).where(eq(cartLines.id, `${cart.id}_a`));
      await tx
        .update(cartLines)
        .set({ quantity: 7 })
        .where(eq(cartLines.id, `${cart.id}_z`));
      return ok(undefined);
    });
    expect(changed.ok).toBe(true);
    const separate = await findCartLines(database.db, cart.id);
    expect(separate.map((l) => [l.variantId, l.quantity])).toEqual([
      ["v3", 3],
      ["v1", 7],
      ["v4", 3],
    ]);
    expect(lines).toEqual(separate);
  });

  it("puts a line at the version read: added, then replaced, lines as a separate read has them", async () => {
    const cart = await newCart();
    await addAwkwardLines(cart.id);
    const added = await putLineAtVersion(
      database.db,
      cart,
      { id: `${cart.id}_new`, variantId: "v9", quantity: 2, seenUnitPrice: 500 },
      new Date(at.getTime() + 5),
    );
    expect(added?.cart.version).toBe(2);
    expect(added?.lines).toEqual(await findCartLines(database.db, cart.id));
    expect(added?.lines.map((l) => l.variantId)).toEqual(["v3", "v2", "v1", "v4", "v9"]);
    const replaced = await putLineAtVersion(
      database.db,
      added!.cart,
      { id: `${cart.id}_unused`, variantId: "v1", quantity: 8, seenUnitPrice: 2100 },
      new Date(at.getTime() + 9),
    );
    expect(replaced?.cart.version).toBe(3);
    const separate = await findCartLines(database.db, cart.id);
    expect(replaced?.lines).toEqual(separate);
    // The line keeps its id and place; its quantity and seen price are the new ones.
    expect(separate.find((l) => l.variantId === "v1")).toMatchObject({
      id: `${cart.id}_z`,
      quantity: 8,
      seenUnitPrice: 2100,
      addedAt: at,
    });
  });

  it("puts nothing when the cart moved since it was read, or is no longer open", async () => {
    const cart = await newCart();
    await setOpenCartFields(database.db, { cartId: cart.id, token }, at, { email: "ada@example.com" });
    const line = { id: `${cart.id}_x`, variantId: "v1", quantity: 1, seenUnitPrice: 100 };
    expect(await putLineAtVersion(database.db, cart, line, at)).toBeUndefined();
    const [now] = await database.db.select().from(carts).where(eq(carts.id, cart.id));
    await database.db.update(carts).set({ status: "completing" }).where(eq(carts.id, cart.id));
    expect(await putLineAtVersion(database.db, now!, line, at)).toBeUndefined();
    expect(await findCartLines(database.db, cart.id)).toEqual([]);
    const [after] = await database.db.select().from(carts).where(eq(carts.id, cart.id));
    expect(after?.version).toBe(2);
  });

  it("comes back with the locked cart, equal to a separate read under the lock", async () => {
    const cart = await newCart();
    await addAwkwardLines(cart.id);
    await database.db.transaction(async (tx) => {
      const locked = await lockCartWithLines(tx, cart.id);
      expect(locked?.cart).toEqual(cart);
      expect(locked?.lines).toEqual(await findCartLines(tx, cart.id));
    });
    expect(await database.db.transaction((tx) => lockCartWithLines(tx, "cart_none"))).toBeUndefined();
  });

  // Only PostgreSQL has concurrent transactions; on PGlite the test is not declared (CI allows no skips).
  const onPostgres: typeof it = kind === "postgres" ? it : ((() => {}) as unknown as typeof it);
  onPostgres(
    "leaves the lines out of a lock that waited for a change to commit (they would be older than the cart)",
    async () => {
      const cart = await newCart();
      const waiting = await database.db.transaction(async (tx) => {
        await tx.select().from(carts).where(eq(carts.id, cart.id)).for("update");
        const other = database.db.transaction((other) => lockCartWithLines(other, cart.id));
        await untilWaitingForALock(database);
        await tx.insert(cartLines).values({
          id: `${cart.id}_raced`,
          cartId: cart.id,
          variantId: "v1",
          quantity: 1,
          addedAt: at,
        });
        await tx
          .update(carts)
          .set({ version: sql`${carts.version} + 1` })
          .where(eq(carts.id, cart.id));
        return { other };
      });
      const locked = await waiting.other;
      expect(locked?.cart.version).toBe(2);
      expect(locked?.lines).toBeUndefined();
    },
  );

  onPostgres(
    "leaves the lines out of a change that waited for another to commit (they would be older than the cart)",
    async () => {
      const cart = await newCart();
      let told: { lines: CartLineRow[] | undefined; version: number } | undefined;
      const waiting = await database.db.transaction(async (tx) => {
        await tx.select().from(carts).where(eq(carts.id, cart.id)).for("update");
        // The other change starts now and waits for this transaction's lock.
        const other = setOpenCartFields(
          database.db,
          {
            cartId: cart.id,
            token,
            onChanged: (c, lines) => {
              told = { lines, version: c.version };
            },
          },
          at,
          { email: "ada@example.com" },
        );
        await untilWaitingForALock(database);
        await tx.insert(cartLines).values({
          id: `${cart.id}_raced`,
          cartId: cart.id,
          variantId: "v1",
          quantity: 1,
          addedAt: at,
        });
        await tx
          .update(carts)
          .set({ version: sql`${carts.version} + 1` })
          .where(eq(carts.id, cart.id));
        // Wrapped: returning the promise itself would make the transaction wait for it.
        return { other };
      });
      expect((await waiting.other).ok).toBe(true);
      expect(told?.version).toBe(3);
      // Its statement's snapshot predates the raced line: better no lines than stale ones.
      expect(told?.lines).toBeUndefined();
    },
  );
});

/** Polls the server until a statement waits for a row lock (no sleeping for a guessed time). */
async function untilWaitingForALock(database: Database) {
  for (let i = 0; i < 500; i++) {
    const result = (await database.db.execute(
      sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
    )) as unknown as { rows: { n: number }[] };
    if (result.rows[0]!.n > 0) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("no statement started waiting for the lock");
}
