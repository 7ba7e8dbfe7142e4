import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { carts } from "../../src/modules/cart/schema.ts";
import { type Database, openDatabase, queryRows } from "../../src/shared/db/database.ts";
import { statementName } from "../../src/shared/db/named-statements.ts";
import { databaseKinds, openTestDatabase } from "../support/database.ts";

// On a PostgreSQL server every parameterised statement is named after its text, so a connection
// parses and plans it once. These tests look at the server's own list of a session's prepared
// statements (pg_prepared_statements) to see that it happens, and that it stays out of the way.

describe("statement names", () => {
  it("gives one name per text, the same every time", () => {
    const a = statementName("select $1::int as n -- names test a");
    const b = statementName("select $1::int as n -- names test b");
    expect(a).toMatch(/^cw[0-9a-z]+$/);
    expect(b).not.toBe(a);
    expect(statementName("select $1::int as n -- names test a")).toBe(a);
  });
});

const onPostgres = databaseKinds().filter((kind) => kind === "postgres");

describe.each(onPostgres)("prepared statements on %s", () => {
  let database: Database & { url?: string };
  beforeAll(async () => {
    database = await openTestDatabase("postgres", { poolSize: 2 });
  });
  afterAll(async () => database?.close());

  const prepared = (db: Database["db"]) =>
    queryRows<{ statement: string }>(db, sql`select statement from pg_prepared_statements`);

  it("parses a repeated statement once per connection and answers each call with its own values", async () => {
    const rolledBack = database.db.transaction(async (tx) => {
      for (const id of ["cart_ps_1", "cart_ps_2", "cart_ps_3"]) {
        const rows = await tx.select({ id: carts.id }).from(carts).where(eq(carts.id, id));
        expect(rows).toEqual([]);
      }
      await tx.insert(carts).values({
        id: "cart_ps_4",
        tokenHash: "h",
        currency: "EUR",
        createdAt: new Date(),
        updatedAt: new Date(),
      });
      const found = await tx.select({ id: carts.id }).from(carts).where(eq(carts.id, "cart_ps_4"));
      expect(found).toEqual([{ id: "cart_ps_4" }]);
      const statements = (await prepared(tx)).map((r) => r.statement);
      const selects = statements.filter((s) => s.startsWith('select "id" from "carts"'));
      expect(selects).toHaveLength(1);
      expect(statements.some((s) => s.startsWith('insert into "carts"'))).toBe(true);
      tx.rollback();
    });
    await expect(rolledBack).rejects.toThrow(/rollback/i);
  });

  it("keeps a statement prepared inside a transaction that rolled back usable", async () => {
    const read = () => database.db.select({ id: carts.id }).from(carts).where(eq(carts.id, "cart_ps_rb"));
    for (let i = 0; i < 6; i++) {
      await database.db
        .transaction(async (tx) => {
          await tx.select({ id: carts.id }).from(carts).where(eq(carts.id, "cart_ps_rb"));
          tx.rollback();
        })
        .catch(() => {});
      expect(await read()).toEqual([]);
    }
  });

  it("runs parameterless text unnamed, so several statements in one text still work", async () => {
    await database.db.execute(sql.raw("select 1; select 2"));
    const statements = await prepared(database.db);
    expect(statements.some((s) => s.statement.includes("select 1; select 2"))).toBe(false);
  });

  it("prepares nothing when turned off (for a pooler that cannot carry prepared statements)", async () => {
    const plain = await openDatabase({ url: database.url, poolSize: 1, preparedStatements: false });
    try {
      await plain.db.transaction(async (tx) => {
        await tx.select({ id: carts.id }).from(carts).where(eq(carts.id, "cart_ps_off"));
        await tx
          .select({ id: carts.id })
          .from(carts)
          .where(eq(carts.id, sql.placeholder("id")))
          .prepare("named_in_code")
          .execute({ id: "cart_ps_off" });
        expect(await prepared(tx)).toEqual([]);
      });
    } finally {
      await plain.close();
    }
  });
});
