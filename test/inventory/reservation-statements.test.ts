import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  commitReservations,
  createLocation,
  DEFAULT_LOCATION_ID,
  receiveStock,
  releaseReservations,
  reserveStock,
} from "../../src/modules/inventory/index.ts";
import { changeLocationStock, lockItem } from "../../src/modules/inventory/location-stock.ts";
import { type Database, type Db, queryRows } from "../../src/shared/db/database.ts";
import { databaseKinds, openTestDatabase } from "../support/database.ts";
import { skuRow } from "./inventory-audit.ts";

const at = new Date("2026-12-01T10:00:00Z");

/** The same database seen through a Drizzle instance that counts the statements it sends. */
function countingDb(database: Database & { url?: string }) {
  const counter = { statements: 0 };
  const logger = { logQuery: () => void counter.statements++ };
  if (database.kind === "pglite") {
    const client = (database.db as unknown as { $client: PGlite }).$client;
    return { db: drizzlePglite(client, { logger }) as unknown as Db, counter, close: async () => {} };
  }
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  return { db: drizzlePg(pool, { logger }) as unknown as Db, counter, close: () => pool.end() };
}

describe.each(databaseKinds())("reservations in a constant number of statements on %s", (kind) => {
  let database: Database & { url?: string };
  let counting: ReturnType<typeof countingDb>;
  let east: string;
  const skus = ["BATCH-A", "BATCH-B", "BATCH-C"];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    counting = countingDb(database);
    // Picked after the default location, so a request larger than the default's stock splits.
    const created = await createLocation(database.db, { code: "east", name: "East", priority: 200 }, at);
    if (!created.ok) throw new Error(created.failure.detail);
    east = created.value.id;
    for (const sku of skus) {
      await receiveStock(database.db, sku, 2, at);
      await receiveStock(database.db, sku, 5, at, east);
    }
  });
  afterAll(async () => {
    await counting?.close();
    await database?.close();
  });

  /** Statements one step sends inside its transaction (begin and commit not counted). */
  async function statementsOf(step: (tx: Db) => Promise<unknown>): Promise<number> {
    return counting.db.transaction(async (tx) => {
      const before = counting.counter.statements;
      await step(tx);
      return counting.counter.statements - before;
    });
  }

  it("reserves nothing for no items, and still records the (empty) reservation", async () => {
    const taken = await database.db.transaction((tx) => reserveStock(tx, "ref-none", [], at));
    expect(taken).toEqual({ ok: true, value: [] });
    const [records] = await queryRows<{ held: number; events: number }>(
      database.db,
      sql`select
        (select count(*)::int from inventory_reservations where reference = 'ref-none') as held,
        (select count(*)::int from outbox where type = 'inventory.reserved' and aggregate_id = 'ref-none') as events`,
    );
    expect(records).toEqual({ held: 0, events: 1 });
  });

  it("reserves, commits and releases three SKUs split over two locations in as many statements as one", async () => {
    // 3 units each: more than the default location has, so every SKU is split over both.
    const all = skus.map((sku) => ({ sku, quantity: 3 }));
    const one = [{ sku: "BATCH-A", quantity: 1 }];
    const costs = {
      reserveOne: await statementsOf((tx) => reserveStock(tx, "ref-one", one, at)),
      reserveAll: await statementsOf((tx) => reserveStock(tx, "ref-all", all, at)),
      commitOne: await statementsOf((tx) => commitReservations(tx, "ref-one", at)),
      commitAll: await statementsOf((tx) => commitReservations(tx, "ref-all", at)),
      reserveAgain: await statementsOf((tx) => reserveStock(tx, "ref-again", all, at)),
      releaseAll: await statementsOf((tx) => releaseReservations(tx, "ref-again", at)),
    };
    expect(costs).toEqual({
      reserveOne: 2, // lock + supply; hold with its reservations and event
      reserveAll: 2,
      commitOne: 2, // reservations; stock with its ledger rows
      commitAll: 2,
      reserveAgain: 2,
      releaseAll: 3, // reservations, stock, event
    });
    // What the stock change's statement records with it: the holds, their event, the ledger.
    const [records] = await queryRows<{ held: number; events: number; sold: number }>(
      database.db,
      sql`select
        (select count(*)::int from inventory_reservations where reference = 'ref-all') as held,
        (select count(*)::int from outbox where type = 'inventory.reserved' and aggregate_id = 'ref-all') as events,
        (select coalesce(sum(delta), 0)::int from inventory_movements where reference = 'ref-all' and reason = 'sold') as sold`,
    );
    expect(records!.held).toBeGreaterThanOrEqual(3);
    expect(records!.events).toBe(1);
    expect(records!.sold).toBe(-all.reduce((n, item) => n + item.quantity, 0));
    // 1 + 3 sold of BATCH-A, 3 of the others; the released hold is back.
    expect(await skuRow(database.db, "BATCH-A")).toEqual({ onHand: 3, reserved: 0, backordered: 0 });
    expect(await skuRow(database.db, "BATCH-C")).toEqual({ onHand: 4, reserved: 0, backordered: 0 });
  });
});

// Only PostgreSQL has a second connection that can hold a SKU lock while a reservation waits.
describe.each(databaseKinds().filter((k) => k === "postgres"))(
  "a reservation that waited for a SKU lock on %s",
  (kind) => {
    let database: Database;
    let east: string;
    const sku = "WAITED-1";

    beforeAll(async () => {
      database = await openTestDatabase(kind);
      const created = await createLocation(database.db, { code: "east", name: "East" }, at);
      if (!created.ok) throw new Error(created.failure.detail);
      east = created.value.id;
      await receiveStock(database.db, sku, 3, at);
    });
    afterAll(async () => database?.close());

    /** Resolves once some statement of this database is waiting for a row lock. */
    async function someoneWaitsForALock(): Promise<void> {
      for (;;) {
        const [row] = await queryRows<{ n: number }>(
          database.db,
          sql`select count(*)::int as n from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (Number(row?.n) > 0) return;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }

    it("allocates from where the stock is after the writer it waited for moved it", async () => {
      let letWriterCommit!: () => void;
      const gate = new Promise<void>((resolve) => {
        letWriterCommit = resolve;
      });
      let reservation: Promise<unknown> | undefined;
      // A transfer of all three units to a location the SKU had no row at: the SKU's totals do
      // not change, only where its units are.
      const writer = database.db.transaction(async (tx) => {
        await lockItem(tx, sku);
        await changeLocationStock(tx, { sku, locationId: DEFAULT_LOCATION_ID, onHand: -3 });
        await changeLocationStock(tx, { sku, locationId: east, onHand: 3, create: true });
        reservation = database.db.transaction((rtx) =>
          reserveStock(rtx, "after-move", [{ sku, quantity: 2 }], at),
        );
        await gate;
      });
      await someoneWaitsForALock();
      letWriterCommit();
      await writer;
      expect(await reservation).toEqual({
        ok: true,
        value: [{ sku, locations: [{ locationId: east, quantity: 2 }], backordered: 0, expectedOn: null }],
      });
      expect(await skuRow(database.db, sku)).toEqual({ onHand: 3, reserved: 2, backordered: 0 });
    });
  },
);
