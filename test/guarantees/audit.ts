import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { type Db, queryRows } from "../../src/shared/db/database.ts";
import type { TestApp } from "../support/app.ts";

/**
 * Read-only facts straight from the tables, for guarantee tests. They check what the database
 * holds independently of the code under test, so a bug in a module's own queries cannot hide
 * a broken guarantee. Nothing here writes.
 */

export async function ordersOfCart(db: Db, cartId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(db, sql`select id from orders where cart_id = ${cartId}`);
  return rows.map((r) => r.id);
}

/**
 * After carts raced for stock, each completed several times at once: at most one order per cart,
 * and every answer agrees with the database (that order, or 409 insufficient_stock). Returns how
 * many orders were placed.
 */
export async function expectOneOrderPerCart(
  db: Db,
  carts: readonly { cartId: string }[],
  responses: readonly { cart: { cartId: string }; res: { status: number; body: Record<string, unknown> } }[],
): Promise<number> {
  let placed = 0;
  for (const cart of carts) {
    const orders = await ordersOfCart(db, cart.cartId);
    expect(orders.length).toBeLessThanOrEqual(1);
    placed += orders.length;
    for (const { res } of responses.filter((r) => r.cart.cartId === cart.cartId)) {
      if (orders.length === 1) expect([res.status, res.body.id]).toEqual([200, orders[0]]);
      else expect([res.status, res.body.code]).toEqual([409, "insufficient_stock"]);
    }
  }
  return placed;
}

export async function stockRow(db: Db, sku: string): Promise<{ onHand: number; reserved: number }> {
  const [row] = await queryRows<{ on_hand: number; reserved: number }>(
    db,
    sql`select on_hand, reserved from inventory_stock_levels where sku = ${sku}`,
  );
  if (!row) throw new Error(`no stock row for ${sku}`);
  return { onHand: Number(row.on_hand), reserved: Number(row.reserved) };
}

/** Units still held by reservations (of any SKU) for the attempts of a cart. */
export async function heldUnitsOfCart(db: Db, cartId: string): Promise<number> {
  const [row] = await queryRows<{ n: string | null }>(
    db,
    sql`select coalesce(sum(r.quantity), 0)::text as n
          from inventory_reservations r join checkout_attempts a on a.id = r.reference
         where a.cart_id = ${cartId} and r.status = 'held'`,
  );
  return Number(row?.n ?? 0);
}

/** Our payment records for a cart's attempts: status and the order they are linked to. */
export async function paymentsOfCart(
  db: Db,
  cartId: string,
): Promise<{ attemptId: string; status: string; orderId: string | null }[]> {
  return (
    await queryRows<{ attempt_id: string; status: string; order_id: string | null }>(
      db,
      sql`select p.attempt_id, p.status, p.order_id
            from payments p join checkout_attempts a on a.id = p.attempt_id
           where a.cart_id = ${cartId} order by p.created_at`,
    )
  ).map((r) => ({ attemptId: r.attempt_id, status: r.status, orderId: r.order_id }));
}

/** What "the provider" (the test processor's own ledger) holds for a cart's attempts. */
export async function chargesOfCart(
  db: Db,
  cartId: string,
): Promise<{ attemptId: string; status: string }[]> {
  return (
    await queryRows<{ idempotency_key: string; status: string }>(
      db,
      sql`select c.idempotency_key, c.status
            from payments_test_processor_charges c join checkout_attempts a on a.id = c.idempotency_key
           where a.cart_id = ${cartId} order by c.created_at`,
    )
  ).map((r) => ({ attemptId: r.idempotency_key, status: r.status }));
}

export async function attemptsOfCart(db: Db, cartId: string): Promise<{ id: string; status: string }[]> {
  return queryRows<{ id: string; status: string }>(
    db,
    sql`select id, status from checkout_attempts where cart_id = ${cartId} order by created_at, id`,
  );
}

export async function cartStatus(db: Db, cartId: string): Promise<string | undefined> {
  const [row] = await queryRows<{ status: string }>(db, sql`select status from carts where id = ${cartId}`);
  return row?.status;
}

/** The movement ledger of a SKU, summed per reason. */
export async function ledgerOf(db: Db, sku: string): Promise<Record<string, number>> {
  const rows = await queryRows<{ reason: string; total: string }>(
    db,
    sql`select reason, sum(delta)::text as total from inventory_movements where sku = ${sku} group by reason`,
  );
  return Object.fromEntries(rows.map((r) => [r.reason, Number(r.total)]));
}

/** Units of a SKU on placed orders. */
export async function unitsOrdered(db: Db, sku: string): Promise<number> {
  const [row] = await queryRows<{ n: string }>(
    db,
    sql`select coalesce(sum(quantity), 0)::text as n from order_lines where sku = ${sku}`,
  );
  return Number(row?.n ?? 0);
}

/** Sets the on-hand stock of a SKU through the Admin API (a stock count), as a merchant would. */
export async function setOnHand(app: TestApp, sku: string, target: number): Promise<void> {
  const auth = { authorization: `Bearer ${app.apiKey}` };
  const level = await app.call("GET", `/admin/inventory/${sku}`, { headers: auth });
  const delta = target - Number(level.body.onHand);
  if (delta === 0) return;
  const res = await app.call("POST", `/admin/inventory/${sku}/adjustments`, {
    headers: auth,
    body: { delta, reason: "count" },
  });
  if (res.status !== 200) throw new Error(`stock adjustment failed: ${JSON.stringify(res.body)}`);
}

/** POST /complete for a ready cart. */
export function complete(
  app: TestApp,
  cart: { cartId: string; headers: Record<string, string> },
  key: string,
  token = "tok_visa",
) {
  return app.call("POST", `/store/carts/${cart.cartId}/complete`, {
    headers: { ...cart.headers, "idempotency-key": key },
    body: { payment: { provider: "test", token } },
  });
}
