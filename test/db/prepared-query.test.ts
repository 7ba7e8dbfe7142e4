import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { carts } from "../../src/modules/cart/schema.ts";
import type { Database, Db } from "../../src/shared/db/database.ts";
import { placeholderFor, preparedQuery } from "../../src/shared/db/prepared-query.ts";
import { databaseKinds, openTestDatabase } from "../support/database.ts";

// A query built once per process runs on whichever handle it is given: inside a transaction it
// must see and do what the transaction sees and does, and on another database it must answer
// from that database. If a drizzle upgrade moved the connection a prepared query runs on, the
// statement would silently run outside the transaction; these tests are the alarm.

const newCart = (id: string) => ({
  id,
  tokenHash: "h",
  currency: "EUR",
  createdAt: new Date("2026-06-01T12:00:00Z"),
  updatedAt: new Date("2026-06-01T12:00:00Z"),
});

describe.each(databaseKinds())("a query prepared once on %s", (kind) => {
  let first: Database;
  let second: Database;
  let builds = 0;
  const currencyOf = preparedQuery((db: Db) => {
    builds++;
    return db
      .select({ id: carts.id, currency: carts.currency })
      .from(carts)
      .where(eq(carts.id, sql.placeholder("id")))
      .prepare("test_currency_of");
  });
  const renamer = preparedQuery((db: Db) =>
    db
      .update(carts)
      .set({ currency: sql`${sql.placeholder("currency")}` })
      .where(eq(carts.id, sql.placeholder("id")))
      .returning({ id: carts.id })
      .prepare("test_set_currency"),
  );

  beforeAll(async () => {
    first = await openTestDatabase(kind);
    second = await openTestDatabase(kind);
    await first.db.insert(carts).values(newCart("cart_pq_1"));
    await second.db.insert(carts).values({ ...newCart("cart_pq_1"), currency: "USD" });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it("answers from the database it is given, built only once", async () => {
    expect(await currencyOf(first.db).execute({ id: "cart_pq_1" })).toEqual([
      { id: "cart_pq_1", currency: "EUR" },
    ]);
    expect(await currencyOf(second.db).execute({ id: "cart_pq_1" })).toEqual([
      { id: "cart_pq_1", currency: "USD" },
    ]);
    expect(await currencyOf(first.db).execute({ id: "cart_none" })).toEqual([]);
    expect(builds).toBe(1);
  });

  it("runs inside a transaction: sees its uncommitted rows, and its writes roll back with it", async () => {
    const rolledBack = first.db.transaction(async (tx) => {
      await tx.insert(carts).values(newCart("cart_pq_tx"));
      expect(await currencyOf(tx).execute({ id: "cart_pq_tx" })).toEqual([
        { id: "cart_pq_tx", currency: "EUR" },
      ]);
      expect(await renamer(tx).execute({ id: "cart_pq_1", currency: "GBP" })).toEqual([{ id: "cart_pq_1" }]);
      expect(await currencyOf(tx).execute({ id: "cart_pq_1" })).toEqual([
        { id: "cart_pq_1", currency: "GBP" },
      ]);
      // Outside the transaction nothing of it shows yet.
      expect(await currencyOf(second.db).execute({ id: "cart_pq_tx" })).toEqual([]);
      tx.rollback();
    });
    await expect(rolledBack).rejects.toThrow(/rollback/i);
    expect(await currencyOf(first.db).execute({ id: "cart_pq_tx" })).toEqual([]);
    expect(await currencyOf(first.db).execute({ id: "cart_pq_1" })).toEqual([
      { id: "cart_pq_1", currency: "EUR" },
    ]);
    expect(builds).toBe(1);
  });

  it("commits with the transaction it ran in", async () => {
    await first.db.transaction(async (tx) => {
      await renamer(tx).execute({ id: "cart_pq_1", currency: "CHF" });
    });
    expect(await currencyOf(first.db).execute({ id: "cart_pq_1" })).toEqual([
      { id: "cart_pq_1", currency: "CHF" },
    ]);
  });

  it("encodes a set value as its column does (JSON, dates), and null as null", async () => {
    const setFx = preparedQuery((db: Db) =>
      db
        .update(carts)
        .set({
          shippingAddress: placeholderFor(carts.shippingAddress, "address"),
          fxRate: placeholderFor(carts.fxRate, "rate"),
          fxLockedAt: placeholderFor(carts.fxLockedAt, "lockedAt"),
        })
        .where(eq(carts.id, sql.placeholder("id")))
        .returning({ address: carts.shippingAddress, rate: carts.fxRate, lockedAt: carts.fxLockedAt })
        .prepare("test_set_fx"),
    );
    const address = {
      firstName: "Ada",
      lastName: "L",
      line1: "1 Main St",
      city: "Berlin",
      postalCode: "10115",
      country: "DE",
    };
    const lockedAt = new Date("2026-06-02T08:30:00.250Z");
    const [set] = await setFx(first.db).execute({ id: "cart_pq_1", address, rate: "1.0845", lockedAt });
    expect(set).toEqual({ address, rate: "1.084500000000", lockedAt });
    const [cleared] = await setFx(first.db).execute({
      id: "cart_pq_1",
      address: null,
      rate: null,
      lockedAt: null,
    });
    expect(cleared).toEqual({ address: null, rate: null, lockedAt: null });
  });
});
