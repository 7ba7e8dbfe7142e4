import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/shared/db/database.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import {
  addLocation,
  adminOf,
  buyer,
  complete,
  ledgerByLocation,
  locationRows,
  seededRandom,
  setStock,
  skuRow,
  standardMethod,
  unitsOrdered,
} from "./inventory-audit.ts";

const seed = Number(process.env.INVENTORY_SEED ?? Date.now() % 2_147_483_647);

describe.each(databaseKinds())("stock across locations on %s", (kind) => {
  let app: TestApp;
  let methodId: string;
  let eu: string;
  let us: string;
  const def = "loc_default";
  beforeAll(async () => {
    app = await startTestApp(kind);
    methodId = await standardMethod(app);
    // The EU warehouse ranks first, but US shoppers are served from the US one while it has stock.
    eu = await addLocation(app, { code: "eu", country: "DE", priority: 10 });
    us = await addLocation(app, { code: "us", country: "US", priority: 50 });
  });
  afterAll(async () => app?.close());

  it("moves the stock that existed before locations into the default location", async () => {
    const level = await app.call("GET", "/admin/inventory/MUG-350", { headers: adminOf(app) });
    expect(level.status).toBe(200);
    expect(level.body.locations).toEqual([
      expect.objectContaining({ locationId: def, code: "default", onHand: level.body.onHand }),
    ]);
  });

  it("serves a shopper from a location in their country first, then by priority, splitting when one is not enough", async () => {
    await setStock(app, "TEE-L", { [def]: 0, [eu]: 5, [us]: 2 });
    const order = await complete(app, await buyer(app, [{ sku: "TEE-L", quantity: 3 }], methodId), "split-1");
    expect(order.status).toBe(200);

    expect(await locationRows(app.database.db, "TEE-L")).toMatchObject({
      us: { onHand: 0, reserved: 0 },
      eu: { onHand: 4, reserved: 0 },
    });
    const sold = await queryRows<{ code: string; delta: number }>(
      app.database.db,
      sql`select l.code, m.delta from inventory_movements m join inventory_locations l on l.id = m.location_id
           where m.sku = 'TEE-L' and m.reason = 'sold' order by l.code`,
    );
    expect(sold.map((r) => [r.code, Number(r.delta)])).toEqual([
      ["eu", -1],
      ["us", -2],
    ]);
    // The pick list says where each unit is to be picked.
    const pickList = await app.call("GET", "/admin/fulfillment/pick-list?limit=500", {
      headers: adminOf(app),
    });
    const picked = pickList.body.orders.find((o: { orderId: string }) => o.orderId === order.body.id);
    expect(picked.lines[0].from).toEqual(
      [
        { locationId: eu, quantity: 1 },
        { locationId: us, quantity: 2 },
      ].sort((a, b) => a.locationId.localeCompare(b.locationId)),
    );
  }, 120_000);

  it("checks two lines of the same SKU together against the stock", async () => {
    await setStock(app, "TEE-L", { [def]: 0, [eu]: 2, [us]: 1 });
    const cart = await buyer(
      app,
      [
        { sku: "TEE-L", quantity: 2 },
        { sku: "TEE-L", quantity: 2 },
      ],
      methodId,
    );
    const res = await complete(app, cart, "same-sku-twice");
    // Either the two lines merged into one of 4 or stayed two; 4 units wanted, 3 exist.
    expect([res.status, res.body.code]).toEqual([409, "insufficient_stock"]);
    expect(await skuRow(app.database.db, "TEE-L")).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it("sells exactly 2 units to 20 parallel buyers when two locations hold one each", async () => {
    await setStock(app, "HOODIE-FOREST", { [def]: 0, [eu]: 1, [us]: 1 });
    const buyers = await Promise.all(
      Array.from({ length: 20 }, () => buyer(app, [{ sku: "HOODIE-FOREST", quantity: 1 }], methodId)),
    );
    const responses = await Promise.all(buyers.map((b, i) => complete(app, b, `one-plus-one-${i}`)));

    expect(responses.filter((r) => r.status === 200)).toHaveLength(2);
    for (const r of responses.filter((r) => r.status !== 200))
      expect([r.status, r.body.code]).toEqual([409, "insufficient_stock"]);
    expect(await locationRows(app.database.db, "HOODIE-FOREST")).toMatchObject({
      eu: { onHand: 0, reserved: 0 },
      us: { onHand: 0, reserved: 0 },
    });
    expect(await unitsOrdered(app.database.db, "HOODIE-FOREST")).toBe(2);
  }, 120_000);

  it(`never sells more than the locations hold in rounds of random quantities (seed ${seed})`, async () => {
    const random = seededRandom(seed);
    const sku = "STICKERS-5";
    for (let round = 0; round < 3; round++) {
      const stock = {
        [def]: Math.floor(random() * 3),
        [eu]: Math.floor(random() * 4),
        [us]: Math.floor(random() * 4),
      };
      await setStock(app, sku, stock);
      const soldBefore = await unitsOrdered(app.database.db, sku);
      const carts = await Promise.all(
        Array.from({ length: 8 }, () =>
          buyer(app, [{ sku, quantity: 1 + Math.floor(random() * 3) }], methodId),
        ),
      );
      const responses = await Promise.all(
        carts.map((c, i) => complete(app, c, `round-${seed}-${round}-${i}`)),
      );
      for (const r of responses) expect([200, 409]).toContain(r.status);

      const sold = (await unitsOrdered(app.database.db, sku)) - soldBefore;
      const total = Object.values(stock).reduce((a, b) => a + b, 0);
      expect(sold).toBeLessThanOrEqual(total);
      const rows = await locationRows(app.database.db, sku);
      const totals = await skuRow(app.database.db, sku);
      const sum = Object.values(rows).reduce((a, r) => a + r.onHand, 0);
      expect(totals).toMatchObject({ onHand: total - sold, reserved: 0 });
      expect(sum).toBe(totals.onHand);
      // The ledger explains every unit on hand, per location.
      const ledger = await ledgerByLocation(app.database.db, sku);
      for (const [code, row] of Object.entries(rows)) expect(ledger[code] ?? 0).toBe(row.onHand);
    }
  }, 120_000);

  it("transfers free units between locations atomically, with two ledger entries", async () => {
    await setStock(app, "TEE-L", { [def]: 0, [eu]: 4, [us]: 1 });
    const res = await app.call("POST", "/admin/inventory/TEE-L/transfers", {
      headers: adminOf(app),
      body: { fromLocationId: eu, toLocationId: us, quantity: 3 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ onHand: 5, transferId: expect.any(String) });
    expect(await locationRows(app.database.db, "TEE-L")).toMatchObject({
      eu: { onHand: 1 },
      us: { onHand: 4 },
    });
    const legs = await queryRows<{ delta: number }>(
      app.database.db,
      sql`select delta from inventory_movements where reference = ${res.body.transferId} order by delta`,
    );
    expect(legs.map((l) => Number(l.delta))).toEqual([-3, 3]);

    const tooMany = await app.call("POST", "/admin/inventory/TEE-L/transfers", {
      headers: adminOf(app),
      body: { fromLocationId: eu, toLocationId: us, quantity: 2 },
    });
    expect([tooMany.status, tooMany.body.code]).toEqual([409, "insufficient_stock"]);
    expect(await locationRows(app.database.db, "TEE-L")).toMatchObject({
      eu: { onHand: 1 },
      us: { onHand: 4 },
    });
  }, 120_000);

  it("lists stock per SKU and location, page by page", async () => {
    const first = await app.call("GET", "/admin/inventory?limit=2", { headers: adminOf(app) });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.next).toBe(first.body.items[1].sku);
    const second = await app.call("GET", `/admin/inventory?limit=2&after=${first.body.next}`, {
      headers: adminOf(app),
    });
    expect(second.body.items[0].sku > first.body.next).toBe(true);
    const all = await app.call("GET", "/admin/inventory?limit=200", { headers: adminOf(app) });
    for (const item of all.body.items)
      expect(item.locations.reduce((a: number, l: { onHand: number }) => a + l.onHand, 0)).toBe(item.onHand);
  });

  it("refuses bad input with a 4xx problem and changes nothing", async () => {
    const headers = adminOf(app);
    const before = await locationRows(app.database.db, "TEE-L");
    const cases: [string, string, unknown, number, string][] = [
      [
        "POST",
        "/admin/inventory/TEE-L/transfers",
        { fromLocationId: eu, toLocationId: eu, quantity: 1 },
        400,
        "invalid_transfer",
      ],
      [
        "POST",
        "/admin/inventory/TEE-L/transfers",
        { fromLocationId: eu, toLocationId: "loc_nowhere", quantity: 1 },
        404,
        "location_not_found",
      ],
      [
        "POST",
        "/admin/inventory/TEE-L/transfers",
        { fromLocationId: eu, toLocationId: us, quantity: 0 },
        400,
        "validation_failed",
      ],
      [
        "POST",
        "/admin/inventory/TEE-L/adjustments",
        { delta: 5, reason: "count", locationId: "loc_nowhere" },
        404,
        "location_not_found",
      ],
      [
        "POST",
        "/admin/inventory/NOPE/transfers",
        { fromLocationId: eu, toLocationId: us, quantity: 1 },
        404,
        "sku_not_found",
      ],
      ["POST", "/admin/inventory/locations", { code: "eu", name: "Again" }, 409, "location_code_taken"],
      ["POST", "/admin/inventory/locations", { code: "Bad Code", name: "x" }, 400, "validation_failed"],
      [
        "POST",
        "/admin/inventory/locations",
        { code: "fr", name: "x", country: "France" },
        400,
        "validation_failed",
      ],
      ["PATCH", "/admin/inventory/locations/loc_nowhere", { name: "x" }, 404, "location_not_found"],
    ];
    for (const [method, url, body, status, code] of cases) {
      const res = await app.call(method, url, { headers, body });
      expect([url, res.status, res.body.code]).toEqual([url, status, code]);
      expect(res.headers["content-type"]).toContain("application/problem+json");
    }
    expect(await locationRows(app.database.db, "TEE-L")).toEqual(before);
    const anonymous = await app.call("GET", "/admin/inventory", {});
    expect(anonymous.status).toBe(401);
  }, 120_000);
});
