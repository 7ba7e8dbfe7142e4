import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/shared/db/database.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import {
  adminOf,
  buyer,
  complete,
  outboxCount,
  setStock,
  skuRow,
  standardMethod,
} from "./inventory-audit.ts";

describe.each(databaseKinds())("low stock and replenishment on %s", (kind) => {
  let app: TestApp;
  let methodId: string;
  const sku = "MUG-350";
  const def = "loc_default";
  beforeAll(async () => {
    app = await startTestApp(kind);
    methodId = await standardMethod(app);
  });
  afterAll(async () => app?.close());

  const buyOne = async (key: string) =>
    complete(app, await buyer(app, [{ sku, quantity: 1 }], methodId), key);
  const replenishments = async (status = "open,ordered") =>
    (
      await app.call("GET", `/admin/inventory/replenishments?sku=${sku}&status=${status}`, {
        headers: adminOf(app),
      })
    ).body.items as { id: string; quantity: number; supplier: string; status: string }[];

  it("writes inventory.low and raises one replenishment request exactly once when parallel sales cross the reorder point", async () => {
    await setStock(app, sku, { [def]: 10 });
    const settings = await app.call("PUT", `/admin/inventory/${sku}/settings`, {
      headers: adminOf(app),
      body: { reorderPoint: 5, reorderQuantity: 30, supplier: "Enamelworks" },
    });
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ reorderPoint: 5, low: false });

    const carts = await Promise.all(
      Array.from({ length: 8 }, () => buyer(app, [{ sku, quantity: 1 }], methodId)),
    );
    const responses = await Promise.all(carts.map((c, i) => complete(app, c, `low-${i}`)));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));

    expect(await outboxCount(app.database.db, "inventory.low", sku)).toBe(1);
    expect(await outboxCount(app.database.db, "inventory.replenishment_requested", sku)).toBe(1);
    expect(await replenishments()).toEqual([
      expect.objectContaining({ quantity: 30, supplier: "Enamelworks", status: "open" }),
    ]);
    const low = await app.call("GET", "/admin/inventory?low=true", { headers: adminOf(app) });
    expect(low.body.items.map((i: { sku: string }) => i.sku)).toEqual([sku]);
    expect(low.body.items[0]).toMatchObject({ available: 2, low: true });
  }, 120_000);

  it("writes nothing more for further sales or adjustments below the point", async () => {
    expect((await buyOne("below-1")).status).toBe(200);
    const damaged = await app.call("POST", `/admin/inventory/${sku}/adjustments`, {
      headers: adminOf(app),
      body: { delta: -1, reason: "damaged" },
    });
    expect(damaged.status).toBe(200);
    expect(await outboxCount(app.database.db, "inventory.low", sku)).toBe(1);
    expect((await replenishments()).length).toBe(1);
  });

  it("receives a replenishment once: stock with a ledger entry, the request closed, the watch re-armed", async () => {
    const [request] = await replenishments();
    const ordered = await app.call("PATCH", `/admin/inventory/replenishments/${request!.id}`, {
      headers: adminOf(app),
      body: { status: "ordered", quantity: 25 },
    });
    expect(ordered.body).toMatchObject({ status: "ordered", quantity: 25 });
    const before = (await skuRow(app.database.db, sku)).onHand;

    const received = await app.call("POST", `/admin/inventory/replenishments/${request!.id}/receive`, {
      headers: adminOf(app),
      body: {},
    });
    expect(received.body).toMatchObject({ status: "received", receivedQuantity: 25 });
    expect((await skuRow(app.database.db, sku)).onHand).toBe(before + 25);
    const [entry] = await queryRows<{ delta: number; reason: string }>(
      app.database.db,
      sql`select delta, reason from inventory_movements where reference = ${request!.id}`,
    );
    expect({ delta: Number(entry!.delta), reason: entry!.reason }).toEqual({ delta: 25, reason: "received" });

    const again = await app.call("POST", `/admin/inventory/replenishments/${request!.id}/receive`, {
      headers: adminOf(app),
      body: {},
    });
    expect([again.status, again.body.code]).toEqual([409, "replenishment_closed"]);
    expect((await skuRow(app.database.db, sku)).onHand).toBe(before + 25);

    // Above the point again: the next crossing is a new one, with a new request.
    await setStock(app, sku, { [def]: 6 });
    expect(await outboxCount(app.database.db, "inventory.low", sku)).toBe(1);
    expect((await buyOne("cross-again")).status).toBe(200);
    expect(await outboxCount(app.database.db, "inventory.low", sku)).toBe(2);
    expect(await replenishments("open")).toHaveLength(1);
  }, 120_000);

  it("refuses bad replenishment and settings input with a 4xx problem", async () => {
    const headers = adminOf(app);
    const cases: [string, string, unknown, number, string][] = [
      [
        "PATCH",
        "/admin/inventory/replenishments/rpl_nope",
        { status: "ordered" },
        404,
        "replenishment_not_found",
      ],
      ["PATCH", "/admin/inventory/replenishments/rpl_nope", { status: "received" }, 400, "validation_failed"],
      [
        "POST",
        "/admin/inventory/replenishments/rpl_nope/receive",
        { quantity: -2 },
        400,
        "validation_failed",
      ],
      ["PUT", `/admin/inventory/${sku}/settings`, { reorderPoint: -1 }, 400, "validation_failed"],
      [
        "PUT",
        `/admin/inventory/${sku}/settings`,
        { backorder: { allowed: true, expectedOn: "soon" } },
        400,
        "validation_failed",
      ],
      ["PUT", "/admin/inventory/NOPE/settings", { reorderPoint: 3 }, 404, "sku_not_found"],
    ];
    for (const [method, url, body, status, code] of cases) {
      const res = await app.call(method, url, { headers, body });
      expect([url, res.status, res.body.code]).toEqual([url, status, code]);
    }
    const list = await app.call("GET", "/admin/inventory/replenishments?status=lost", { headers });
    expect(list.status).toBe(400);
  });
});
