import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/shared/db/database.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import {
  adminOf,
  buyer,
  complete,
  ledgerByLocation,
  locationRows,
  setStock,
  skuRow,
  standardMethod,
  unitsOrdered,
} from "./inventory-audit.ts";

describe.each(databaseKinds())("backorders on %s", (kind) => {
  let app: TestApp;
  let methodId: string;
  const sku = "HOODIE-SLATE";
  const def = "loc_default";
  beforeAll(async () => {
    app = await startTestApp(kind);
    methodId = await standardMethod(app);
  });
  afterAll(async () => app?.close());

  const variantStock = async () => {
    const res = await app.call("GET", "/store/products?currency=USD", {});
    const variants = res.body.products.flatMap((p: { variants: { sku: string }[] }) => p.variants);
    return variants.find((v: { sku: string }) => v.sku === sku).stock;
  };

  it("refuses to sell beyond stock when backorders are not allowed, as before", async () => {
    await setStock(app, sku, { [def]: 1 });
    const cart = await buyer(app, [{ sku, quantity: 2 }], methodId);
    expect(cart.cart.issues).toContainEqual(
      expect.objectContaining({ code: "insufficient_stock", available: 1 }),
    );
    expect(cart.cart.lines[0].backorder).toBeNull();
    const res = await complete(app, cart, "no-backorder");
    expect([res.status, res.body.code]).toEqual([409, "insufficient_stock"]);
    expect(await skuRow(app.database.db, sku)).toEqual({ onHand: 1, reserved: 0, backordered: 0 });
  });

  it("sells beyond stock on backorder, tells the shopper the date, and records the backordered units", async () => {
    const set = await app.call("PUT", `/admin/inventory/${sku}/settings`, {
      headers: adminOf(app),
      body: { backorder: { allowed: true, limit: 3, expectedOn: "2026-12-15" } },
    });
    expect(set.body.backorder).toEqual({ allowed: true, limit: 3, expectedOn: "2026-12-15" });
    expect(await variantStock()).toEqual({ status: "in_stock", expectedOn: null });

    const cart = await buyer(app, [{ sku, quantity: 3 }], methodId);
    expect(cart.cart.lines[0].backorder).toEqual({ quantity: 2, expectedOn: "2026-12-15" });
    expect(cart.cart.issues).toContainEqual({
      code: "backordered",
      lineId: cart.cart.lines[0].id,
      sku,
      quantity: 2,
      expectedOn: "2026-12-15",
    });
    const order = await complete(app, cart, "backorder-3");
    expect(order.status).toBe(200);

    expect(await skuRow(app.database.db, sku)).toEqual({ onHand: 0, reserved: 0, backordered: 2 });
    const parts = await queryRows<{ location_id: string | null; quantity: number; status: string }>(
      app.database.db,
      sql`select r.location_id, r.quantity, r.status from inventory_reservations r
            join orders o on o.attempt_id = r.reference where o.id = ${order.body.id} order by r.location_id nulls first`,
    );
    expect(parts.map((p) => [p.location_id, Number(p.quantity), p.status])).toEqual([
      [null, 2, "committed"],
      [def, 1, "committed"],
    ]);
    expect(await variantStock()).toEqual({ status: "backorder", expectedOn: "2026-12-15" });
  }, 120_000);

  it("lets parallel buyers take only what is left of the backorder limit", async () => {
    const carts = await Promise.all(
      Array.from({ length: 10 }, () => buyer(app, [{ sku, quantity: 1 }], methodId)),
    );
    const responses = await Promise.all(carts.map((c, i) => complete(app, c, `limit-${i}`)));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of responses.filter((r) => r.status !== 200))
      expect([r.status, r.body.code]).toEqual([409, "insufficient_stock"]);
    expect(await skuRow(app.database.db, sku)).toMatchObject({ onHand: 0, backordered: 3 });
    expect(await variantStock()).toEqual({ status: "out_of_stock", expectedOn: null });

    const lower = await app.call("PUT", `/admin/inventory/${sku}/settings`, {
      headers: adminOf(app),
      body: { backorder: { allowed: true, limit: 1 } },
    });
    expect([lower.status, lower.body.code]).toEqual([422, "backorder_limit_below_owed"]);
  }, 120_000);

  it("fills owed units first from goods received, with the ledger matching on hand", async () => {
    const received = await app.call("POST", `/admin/inventory/${sku}/adjustments`, {
      headers: adminOf(app),
      body: { delta: 5, reason: "received" },
    });
    expect(received.status).toBe(200);
    expect(await skuRow(app.database.db, sku)).toEqual({ onHand: 2, reserved: 0, backordered: 0 });
    expect(await locationRows(app.database.db, sku)).toEqual({ default: { onHand: 2, reserved: 0 } });
    expect(await ledgerByLocation(app.database.db, sku)).toEqual({ default: 2 });
    // Sold units: 1 from the shelf plus 3 owed, all now taken from stock.
    expect(await unitsOrdered(app.database.db, sku)).toBe(4);
    expect(await variantStock()).toEqual({ status: "in_stock", expectedOn: null });
  });
});
