import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";

/** The merchant center's order search: number or email fragments, payment, fulfilment and date filters. */
describe.each(databaseKinds())("searching orders in the Admin API on %s", (kind) => {
  let app: TestApp;
  let admin: Record<string, string>;
  const placed: { id: string; number: string; email: string }[] = [];

  const place = async (email: string) => {
    const { cartId, headers } = await readyCart(app, { lines: [{ sku: "MUG-350", quantity: 1 }] });
    await app.call("PUT", `/store/carts/${cartId}/contact`, { headers, body: { email } });
    const res = await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": `k-${cartId}` },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });
    expect(res.status).toBe(200);
    return { id: res.body.id as string, number: res.body.number as string, email };
  };
  const search = async (query: string) => {
    const res = await app.call("GET", `/admin/orders?${query}`, { headers: admin });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.orders as { id: string }[]).map((o) => o.id);
  };

  beforeAll(async () => {
    app = await startTestApp(kind);
    admin = { authorization: `Bearer ${app.apiKey}` };
    placed.push(await place("grace.hopper@example.com"));
    placed.push(await place("ada_lovelace@example.org"));
    placed.push(await place("alan.turing@example.com"));
  });
  afterAll(async () => app?.close());

  it("finds an order by part of its number or email, in any case", async () => {
    const [grace, ada] = placed;
    expect(await search(`q=${grace!.number.toLowerCase()}`)).toEqual([grace!.id]);
    expect(await search("q=LOVELACE")).toEqual([ada!.id]);
    expect((await search("q=example.com")).sort()).toEqual([placed[0]!.id, placed[2]!.id].sort());
  });

  it("matches LIKE wildcards typed in the search literally", async () => {
    expect(await search("q=%25")).toEqual([]);
    expect(await search("q=ada_")).toEqual([placed[1]!.id]);
    expect(await search("q=a_a")).toEqual([]);
  });

  it("filters by payment and fulfilment status and by placement time", async () => {
    const [grace] = placed;
    const captured = await app.call("POST", `/admin/orders/${grace!.id}/payments/capture`, {
      headers: { ...admin, "idempotency-key": "capture-1" },
      body: {},
    });
    expect(captured.status).toBe(200);
    expect(await search("paymentStatus=captured")).toEqual([grace!.id]);
    expect((await search("paymentStatus=authorized")).sort()).toEqual([placed[1]!.id, placed[2]!.id].sort());
    expect(await search("fulfillmentStatus=fulfilled")).toEqual([]);
    expect(await search("fulfillmentStatus=unfulfilled")).toHaveLength(3);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(await search(`from=${encodeURIComponent(future)}`)).toEqual([]);
    expect(
      await search(`from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`),
    ).toHaveLength(3);
  });

  it("refuses an unknown status or an empty search with a 400 problem", async () => {
    const bad = await app.call("GET", "/admin/orders?paymentStatus=stolen", { headers: admin });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe("validation_failed");
    const blank = await app.call("GET", "/admin/orders?q=%20", { headers: admin });
    expect(blank.status).toBe(400);
  });
});
