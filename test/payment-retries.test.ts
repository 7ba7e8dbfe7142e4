import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { queryRows } from "../src/shared/db/database.ts";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";
import { createScriptedGateway, instantTiming } from "./support/fake-gateway.ts";

describe.each(databaseKinds())("payment retries and outages on %s", (kind) => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const complete = async (a: TestApp, key: string) => {
    const { cartId, headers } = await readyCart(a, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
    const res = await a.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": key },
      body: { payment: { provider: "flaky", token: "tok_visa" } },
    });
    return { cartId, res };
  };
  const ordersFor = async (a: TestApp, cartId: string) =>
    queryRows(a.database.db, sql`select id from orders where cart_id = ${cartId}`);

  it("retries two transient failures with the same key and charges once", async () => {
    const flaky = createScriptedGateway("flaky", ["fail_before", "fail_before"]);
    const { timing, state } = instantTiming();
    app = await startTestApp(kind, { gateways: { flaky: flaky.gateway }, paymentResilience: { timing } });
    const { cartId, res } = await complete(app, "retry-1");
    expect(res.status).toBe(200);
    expect(flaky.charges.size).toBe(1);
    expect(flaky.calls.filter((c) => c === "authorize")).toHaveLength(3);
    expect(state.sleeps).toHaveLength(2);
    expect(await ordersFor(app, cartId)).toHaveLength(1);
  });

  it("looks up a charge that timed out after it was made instead of charging again", async () => {
    const flaky = createScriptedGateway("flaky", ["timeout_after_charge"]);
    const { timing } = instantTiming();
    app = await startTestApp(kind, { gateways: { flaky: flaky.gateway }, paymentResilience: { timing } });
    const { cartId, res } = await complete(app, "timeout-1");
    expect(res.status).toBe(200);
    expect(flaky.calls).toEqual(["authorize", "lookup"]);
    expect(flaky.charges.size).toBe(1);
    expect(await ordersFor(app, cartId)).toHaveLength(1);
  });

  it("re-sends with the same key when the lookup after a timeout fails too, still charging once", async () => {
    const flaky = createScriptedGateway("flaky", ["timeout_after_charge", "throw"]);
    flaky.failNextLookups(2);
    const { timing } = instantTiming();
    app = await startTestApp(kind, { gateways: { flaky: flaky.gateway }, paymentResilience: { timing } });
    const { cartId, res } = await complete(app, "timeout-2");
    expect(res.status).toBe(200);
    expect(flaky.charges.size).toBe(1);
    expect(await ordersFor(app, cartId)).toHaveLength(1);
    const payments = await queryRows(
      app.database.db,
      sql`select p.status from payments p join checkout_attempts a on a.id = p.attempt_id where a.cart_id = ${cartId}`,
    );
    expect(payments).toEqual([{ status: "authorized" }]);
  });

  it("gives up within the time budget and leaves the payment pending, never declined", async () => {
    const flaky = createScriptedGateway("flaky", Array(10).fill("timeout_after_charge"));
    flaky.failNextLookups(10);
    const { timing, state } = instantTiming();
    app = await startTestApp(kind, {
      gateways: { flaky: flaky.gateway },
      paymentResilience: {
        timing,
        breakerFailureThreshold: 100,
        policy: { maxAttempts: 10, baseDelayMs: 400, maxDelayMs: 4_000, totalBudgetMs: 1_000 },
      },
    });
    const { res } = await complete(app, "budget-1");
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("payment_pending");
    expect(state.now).toBeLessThanOrEqual(1_000);
    expect(flaky.charges.size).toBe(1);
  });

  it("opens the circuit after repeated failures, fails fast with 503 and Retry-After, and closes after a good probe", async () => {
    const flaky = createScriptedGateway("flaky", Array(3).fill("fail_before"));
    const { timing, advance } = instantTiming();
    app = await startTestApp(kind, {
      gateways: { flaky: flaky.gateway },
      paymentResilience: { timing, breakerFailureThreshold: 3, breakerOpenMs: 30_000 },
    });
    const first = await complete(app, "cb-1");
    expect(first.res.body.code).toBe("payment_pending");
    const callsWhenOpened = flaky.calls.length;

    const fast = await complete(app, "cb-2");
    expect(fast.res.status).toBe(503);
    expect(fast.res.body.code).toBe("payment_provider_unavailable");
    expect(Number(fast.res.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(fast.res.headers["retry-after"])).toBeLessThanOrEqual(30);
    expect(flaky.calls.length).toBe(callsWhenOpened);

    advance(30_000);
    const probe = await complete(app, "cb-3");
    expect(probe.res.status).toBe(200);
    const after = await complete(app, "cb-4");
    expect(after.res.status).toBe(200);
  });
});
