import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../src/shared/db/database.ts";
import { address, type TestApp } from "../support/app.ts";

/**
 * Read-only facts from the inventory tables and helpers that drive the API as a merchant and a
 * shopper would, for the inventory suites. The facts read the tables directly, so a bug in the
 * module's own queries cannot hide a broken guarantee.
 */

export const adminOf = (app: TestApp) => ({ authorization: `Bearer ${app.apiKey}` });

/** On hand and reserved per location code for a SKU. */
export async function locationRows(
  db: Db,
  sku: string,
): Promise<Record<string, { onHand: number; reserved: number }>> {
  const rows = await queryRows<{ code: string; on_hand: number; reserved: number }>(
    db,
    sql`select l.code, s.on_hand, s.reserved from inventory_location_stock s
          join inventory_locations l on l.id = s.location_id where s.sku = ${sku}`,
  );
  return Object.fromEntries(
    rows.map((r) => [r.code, { onHand: Number(r.on_hand), reserved: Number(r.reserved) }]),
  );
}

/** The SKU row's totals. */
export async function skuRow(db: Db, sku: string) {
  const [row] = await queryRows<{ on_hand: number; reserved: number; backordered: number }>(
    db,
    sql`select on_hand, reserved, backordered from inventory_stock_levels where sku = ${sku}`,
  );
  return {
    onHand: Number(row!.on_hand),
    reserved: Number(row!.reserved),
    backordered: Number(row!.backordered),
  };
}

/** Ledger sums per location code (all reasons). */
export async function ledgerByLocation(db: Db, sku: string): Promise<Record<string, number>> {
  const rows = await queryRows<{ code: string | null; total: string }>(
    db,
    sql`select l.code, sum(m.delta)::text as total from inventory_movements m
          left join inventory_locations l on l.id = m.location_id where m.sku = ${sku} group by l.code`,
  );
  return Object.fromEntries(rows.map((r) => [r.code ?? "(none)", Number(r.total)]));
}

export async function unitsOrdered(db: Db, sku: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(
    db,
    sql`select coalesce(sum(quantity), 0)::text as n from order_lines where sku = ${sku}`,
  );
  return Number(row?.n ?? 0);
}

export async function outboxCount(db: Db, type: string, sku: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(
    db,
    sql`select count(*)::text as n from outbox where type = ${type} and payload->>'sku' = ${sku}`,
  );
  return Number(row?.n ?? 0);
}

/** Creates a location through the Admin API and returns its id. */
export async function addLocation(
  app: TestApp,
  body: { code: string; name?: string; country?: string | null; priority?: number },
): Promise<string> {
  const res = await app.call("POST", "/admin/inventory/locations", {
    headers: adminOf(app),
    body: { name: body.code, ...body },
  });
  if (res.status !== 201) throw new Error(`location failed: ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Sets on hand at each given location (absolute), through count adjustments. */
export async function setStock(
  app: TestApp,
  sku: string,
  perLocation: Record<string, number>,
): Promise<void> {
  const level = await app.call("GET", `/admin/inventory/${sku}`, { headers: adminOf(app) });
  for (const [locationId, target] of Object.entries(perLocation)) {
    const current =
      (level.body.locations as { locationId: string; onHand: number }[]).find(
        (l) => l.locationId === locationId,
      )?.onHand ?? 0;
    if (target === current) continue;
    const res = await app.call("POST", `/admin/inventory/${sku}/adjustments`, {
      headers: adminOf(app),
      body: { delta: target - current, reason: "count", locationId },
    });
    if (res.status !== 200) throw new Error(`adjustment failed: ${JSON.stringify(res.body)}`);
  }
}

/** A cart ready to complete with the given lines, built with the fewest calls. */
export async function buyer(
  app: TestApp,
  lines: { sku: string; quantity: number }[],
  methodId: string,
  to: typeof address = address,
) {
  const created = await app.call("POST", "/store/carts", { body: { currency: "USD" } });
  const cartId: string = created.body.cart.id;
  const headers = { "x-cart-token": created.body.token as string };
  const steps: [string, string, unknown][] = [
    ...lines.map((l): [string, string, unknown] => ["POST", "lines", l]),
    ["PUT", "contact", { email: "buyer@example.com" }],
    ["PUT", "shipping-address", to],
    ["PUT", "shipping-method", { methodId }],
  ];
  let last: Awaited<ReturnType<TestApp["call"]>> | undefined;
  for (const [method, path, body] of steps) {
    last = await app.call(method, `/store/carts/${cartId}/${path}`, { headers, body });
    if (last.status !== 200) throw new Error(`${path} failed: ${JSON.stringify(last.body)}`);
  }
  return { cartId, headers, cart: last!.body };
}

/** The standard shipping method's id for the test address. */
export async function standardMethod(app: TestApp, to: typeof address = address): Promise<string> {
  const probe = await app.call("POST", "/store/carts", { body: { currency: "USD" } });
  const headers = { "x-cart-token": probe.body.token as string };
  await app.call("PUT", `/store/carts/${probe.body.cart.id}/shipping-address`, { headers, body: to });
  const options = await app.call("GET", `/store/carts/${probe.body.cart.id}/shipping-options`, { headers });
  return options.body.find((o: { code: string }) => o.code === "standard").id;
}

export function complete(
  app: TestApp,
  cart: { cartId: string; headers: Record<string, string> },
  key: string,
) {
  return app.call("POST", `/store/carts/${cart.cartId}/complete`, {
    headers: { ...cart.headers, "idempotency-key": key },
    body: { payment: { provider: "test", token: "tok_visa" } },
  });
}

/** mulberry32: a tiny seeded PRNG, so a failing round can be replayed with INVENTORY_SEED. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
