import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/shared/db/database.ts";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";

/** Row counts of every table: what "nothing half-written" is checked against. */
async function snapshotCounts(app: TestApp): Promise<Record<string, number>> {
  const tables = await queryRows<{ table_name: string }>(
    app.database.db,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [row] = await queryRows<{ n: number }>(
      app.database.db,
      sql`select count(*)::int as n from ${sql.identifier(table_name)}`,
    );
    counts[table_name] = Number(row?.n);
  }
  return counts;
}

describe.each(databaseKinds())("bad input on %s", (kind) => {
  let app: TestApp;
  let cartId: string;
  let headers: Record<string, string>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp(kind);
    ({ cartId, headers } = await readyCart(app, { lines: [{ sku: "TEE-S", quantity: 1 }] }));
    admin = { authorization: `Bearer ${app.apiKey}` };
  });
  afterAll(async () => app?.close());

  const huge = "x".repeat(70 * 1024);
  const cases: {
    name: string;
    method: string;
    url: () => string;
    body?: unknown;
    headers?: () => Record<string, string>;
    status: number;
    code: string;
  }[] = [
    {
      name: "malformed JSON creating a cart",
      method: "POST",
      url: () => "/store/carts",
      body: "{ nope",
      status: 400,
      code: "malformed_json",
    },
    {
      name: "an unsupported currency",
      method: "POST",
      url: () => "/store/carts",
      body: { currency: "ABC" },
      status: 422,
      code: "unsupported_currency",
    },
    {
      name: "a currency of the wrong type",
      method: "POST",
      url: () => "/store/carts",
      body: { currency: 840 },
      status: 400,
      code: "validation_failed",
    },
    {
      name: "an oversized body",
      method: "POST",
      url: () => "/store/carts",
      body: { currency: huge },
      status: 413,
      code: "payload_too_large",
    },
    {
      name: "a missing cart token",
      method: "GET",
      url: () => `/store/carts/${cartId}`,
      headers: () => ({}),
      status: 400,
      code: "validation_failed",
    },
    {
      name: "a wrong cart token",
      method: "GET",
      url: () => `/store/carts/${cartId}`,
      headers: () => ({ "x-cart-token": "ct_wrongwrongwrong" }),
      status: 404,
      code: "not_found",
    },
    {
      name: "an unknown cart id",
      method: "GET",
      url: () => "/store/carts/cart_unknown",
      status: 404,
      code: "not_found",
    },
    {
      name: "a line without quantity",
      method: "POST",
      url: () => `/store/carts/${cartId}/lines`,
      body: { sku: "TEE-S" },
      status: 400,
      code: "validation_failed",
    },
    {
      name: "a negative quantity",
      method: "POST",
      url: () => `/store/carts/${cartId}/lines`,
      body: { sku: "TEE-S", quantity: -1 },
      status: 400,
      code: "validation_failed",
    },
    {
      name: "a fractional quantity",
      method: "POST",
      url: () => `/store/carts/${cartId}/lines`,
      body: { sku: "TEE-S", quantity: 1.5 },
      status: 400,
      code: "validation_failed",
    },
    {
      name: "an absurd quantity",
      method: "POST",
      url: () => `/store/carts/${cartId}/lines`,
      body: { sku: "TEE-S", quantity: 1e9 },
      status: 400,
      code: "validation_failed",
    },
    {
      name: "an unknown SKU",
      method: "POST",
      url: () => `/store/carts/${cartId}/lines`,
      body: { sku: "NOPE", quantity: 1 },
      status: 422,
      code: "variant_not_found",
    },
    {
      name: "both a SKU and a variant id",
      method: "POST",
      url: () => `/store/carts/${cartId}/lines`,
      body: { sku: "TEE-S", variantId: "var_x", quantity: 1 },
      status: 400,
      code: "validation_failed",
    },
    {
      name: "an unknown line",
      method: "PATCH",
      url: () => `/store/carts/${cartId}/lines/line_unknown`,
      body: { quantity: 2 },
      status: 404,
      code: "line_not_found",
    },
    {
      name: "an invalid email",
      method: "PUT",
      url: () => `/store/carts/${cartId}/contact`,
      body: { email: "not-an-email" },
      status: 400,
      code: "validation_failed",
    },
    {
      name: "an address without a city",
      method: "PUT",
      url: () => `/store/carts/${cartId}/shipping-address`,
      body: { firstName: "A", lastName: "B", line1: "x", postalCode: "1", country: "US" },
      status: 400,
      code: "validation_failed",
    },
    {
      name: "a lowercase country",
      method: "PUT",
      url: () => `/store/carts/${cartId}/shipping-address`,
      body: { firstName: "A", lastName: "B", line1: "x", city: "c", postalCode: "1", country: "us" },
      status: 400,
      code: "validation_failed",
    },
    {
      name: "an unknown shipping method",
      method: "PUT",
      url: () => `/store/carts/${cartId}/shipping-method`,
      body: { methodId: "ship_unknown" },
      status: 422,
      code: "shipping_method_unavailable",
    },
    {
      name: "completing without an Idempotency-Key",
      method: "POST",
      url: () => `/store/carts/${cartId}/complete`,
      body: { payment: { provider: "test", token: "tok_visa" } },
      status: 400,
      code: "validation_failed",
    },
    {
      name: "completing with an unknown provider",
      method: "POST",
      url: () => `/store/carts/${cartId}/complete`,
      body: { payment: { provider: "nope", token: "tok_visa" } },
      headers: () => ({ ...headers, "idempotency-key": "bad-1" }),
      status: 422,
      code: "unsupported_payment_provider",
    },
    {
      name: "completing with a payment of the wrong type",
      method: "POST",
      url: () => `/store/carts/${cartId}/complete`,
      body: { payment: "tok_visa" },
      headers: () => ({ ...headers, "idempotency-key": "bad-2" }),
      status: 400,
      code: "validation_failed",
    },
    {
      name: "an admin call without a key",
      method: "GET",
      url: () => "/admin/orders",
      headers: () => ({}),
      status: 401,
      code: "unauthorized",
    },
    {
      name: "an admin call with a wrong key",
      method: "GET",
      url: () => "/admin/orders",
      headers: () => ({ authorization: "Bearer cw_sk_wrong" }),
      status: 401,
      code: "unauthorized",
    },
    {
      name: "an unknown order",
      method: "GET",
      url: () => "/admin/orders/ord_unknown",
      headers: () => admin,
      status: 404,
      code: "not_found",
    },
    {
      name: "a page size out of range",
      method: "GET",
      url: () => "/admin/orders?limit=1000",
      headers: () => admin,
      status: 400,
      code: "validation_failed",
    },
    {
      name: "an unknown SKU's stock",
      method: "GET",
      url: () => "/admin/inventory/NOPE",
      headers: () => admin,
      status: 404,
      code: "sku_not_found",
    },
    {
      name: "a zero stock adjustment",
      method: "POST",
      url: () => "/admin/inventory/TEE-S/adjustments",
      body: { delta: 0, reason: "count" },
      headers: () => admin,
      status: 400,
      code: "validation_failed",
    },
    {
      name: "an adjustment below reserved stock",
      method: "POST",
      url: () => "/admin/inventory/TEE-S/adjustments",
      body: { delta: -1_000_000, reason: "count" },
      headers: () => admin,
      status: 409,
      code: "stock_below_reserved",
    },
    {
      name: "an unknown adjustment reason",
      method: "POST",
      url: () => "/admin/inventory/TEE-S/adjustments",
      body: { delta: 1, reason: "gift" },
      headers: () => admin,
      status: 400,
      code: "validation_failed",
    },
    {
      name: "an unknown route",
      method: "GET",
      url: () => "/store/nothing-here",
      status: 404,
      code: "not_found",
    },
  ];

  it.each(cases)("answers $name with a $status problem and writes nothing", async (c) => {
    const before = await snapshotCounts(app);
    const res = await app.call(c.method, c.url(), {
      body: c.body,
      headers: c.headers ? c.headers() : headers,
    });
    expect(res.status).toBe(c.status);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.body).toMatchObject({ status: c.status, code: c.code });
    expect(typeof res.body.detail).toBe("string");
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/); // never a stack trace
    expect(await snapshotCounts(app)).toEqual(before);
  });

  it("names the offending fields of an invalid address", async () => {
    const res = await app.call("PUT", `/store/carts/${cartId}/shipping-address`, {
      headers,
      body: { firstName: "", lastName: "B", line1: "x", city: "c", postalCode: "1", country: "USA" },
    });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["body.firstName", "body.country"]));
  });

  it("rejects a cart token that opens another cart", async () => {
    const other = await readyCart(app, { lines: [{ sku: "MUG-350", quantity: 1 }] });
    const res = await app.call("GET", `/store/carts/${cartId}`, { headers: other.headers });
    expect(res.status).toBe(404);
  });
});
