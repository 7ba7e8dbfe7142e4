import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "../../src/modules/api-keys/index.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";

const brooklyn = {
  name: "Second store",
  address: { line1: "1 Main St", city: "Brooklyn", region: "NY", postalCode: "11201", country: "US" },
  timeZone: "America/New_York",
  openingHours: [{ weekday: 1, opens: "09:00", closes: "17:00" }],
  readyInDays: 2,
};

describe.each(databaseKinds())("shipping admin API on %s", (kind) => {
  let app: TestApp;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await startTestApp(kind);
    admin = { authorization: `Bearer ${app.apiKey}` };
  });
  afterAll(async () => app?.close());

  const call = (method: string, url: string, body?: unknown) =>
    app.call(method, url, { headers: admin, ...(body !== undefined ? { body } : {}) });
  const methodId = async (code: string) =>
    (await call("GET", "/admin/shipping/methods")).body.methods.find((m: { code: string }) => m.code === code)
      .id;
  const zoneId = async (code: string) =>
    (await call("GET", "/admin/shipping/zones")).body.zones.find((z: { code: string }) => z.code === code).id;
  const expectProblem = (
    res: { status: number; body: { code: string }; headers: Record<string, unknown> },
    status: number,
    code: string,
  ) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.body.code).toBe(code);
  };

  it("needs credentials with the shipping scopes", async () => {
    expect((await app.call("GET", "/admin/shipping/zones")).status).toBe(401);
    const { secret } = await createApiKey(
      app.ctx.db,
      { name: "reader", scopes: ["shipping:read"] },
      new Date(),
    );
    const reader = { authorization: `Bearer ${secret}` };
    expect((await app.call("GET", "/admin/shipping/zones", { headers: reader })).status).toBe(200);
    const write = await app.call("POST", "/admin/shipping/zones", {
      headers: reader,
      body: { code: "nope", name: "Nope", countries: ["US"] },
    });
    expect(write.status).toBe(403);
  });

  it("creates, lists, replaces and deletes a zone, normalizing codes and postal patterns", async () => {
    const created = await call("POST", "/admin/shipping/zones", {
      code: "hawaii",
      name: "Hawaii by ZIP",
      countries: ["US"],
      regions: ["us-hi"],
      postalCodes: ["967 00..968 99"],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ regions: ["US-HI"], postalCodes: ["96700..96899"] });
    const replaced = await call("PUT", `/admin/shipping/zones/${created.body.id}`, {
      code: "hawaii",
      name: "Hawaii",
      countries: ["US"],
      regions: ["US-HI"],
    });
    expect(replaced.body).toMatchObject({ name: "Hawaii", postalCodes: [] });
    expect(
      (await call("GET", "/admin/shipping/zones")).body.zones.map((z: { code: string }) => z.code),
    ).toContain("hawaii");
    expect((await call("DELETE", `/admin/shipping/zones/${created.body.id}`)).status).toBe(204);
    expectProblem(await call("DELETE", `/admin/shipping/zones/${created.body.id}`), 404, "not_found");
  });

  it.each([
    ["a region outside the zone's countries", { countries: ["CA"], regions: ["US-AK"] }, "regions"],
    [
      "a region that is not ISO 3166-2",
      { countries: ["US"], excludedRegions: ["Alaska"] },
      "excludedRegions",
    ],
    [
      "a postal range with ends of different lengths",
      { countries: ["US"], postalCodes: ["967..96899"] },
      "postalCodes",
    ],
    [
      "a postal pattern with a wildcard",
      { countries: ["US"], excludedPostalCodes: ["99*"] },
      "excludedPostalCodes",
    ],
  ])("refuses a zone with %s, field by field", async (_name, fields, field) => {
    const res = await call("POST", "/admin/shipping/zones", { code: "bad", name: "Bad", ...fields });
    expectProblem(res, 400, "validation_failed");
    expect(res.body.errors[0].field).toBe(field);
  });

  it("refuses a malformed zone body with 400 and no 500", async () => {
    expectProblem(
      await call("POST", "/admin/shipping/zones", { code: "Bad Code", name: "x", countries: ["US"] }),
      400,
      "validation_failed",
    );
    expectProblem(
      await call("POST", "/admin/shipping/zones", { code: "x", name: "x", countries: [] }),
      400,
      "validation_failed",
    );
    expectProblem(
      await call("POST", "/admin/shipping/zones", { code: "x", name: "x", countries: ["usa"] }),
      400,
      "validation_failed",
    );
  });

  it("gives a zone code to exactly one of parallel creations", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        call("POST", "/admin/shipping/zones", { code: "racing", name: "Racing", countries: ["FR"] }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe("shipping_code_taken");
    const zones = (await call("GET", "/admin/shipping/zones")).body.zones;
    expect(zones.filter((z: { code: string }) => z.code === "racing")).toHaveLength(1);
  });

  it("creates a method with rates, and keeps nothing when one rate is refused", async () => {
    const bad = await call("POST", "/admin/shipping/methods", {
      code: "economy",
      name: "Economy",
      minTransitDays: 5,
      maxTransitDays: 9,
      rates: [
        { zone: "us", currency: "USD", rate: { type: "flat", amount: 300 } },
        { zone: "nowhere", currency: "USD", rate: { type: "flat", amount: 300 } },
      ],
    });
    expectProblem(bad, 400, "validation_failed");
    expect(bad.body.errors[0].field).toBe("rates.1");
    const methods = (await call("GET", "/admin/shipping/methods")).body.methods;
    expect(methods.map((m: { code: string }) => m.code)).not.toContain("economy");

    const good = await call("POST", "/admin/shipping/methods", {
      code: "economy",
      name: "Economy",
      minTransitDays: 5,
      maxTransitDays: 9,
      maxWeightGrams: 2000,
      rates: [{ zone: "us", currency: "USD", rate: { type: "flat", amount: 300 } }],
    });
    expect(good.status).toBe(201);
    expect(good.body).toMatchObject({ kind: "delivery", maxWeightGrams: 2000, active: true });
    expectProblem(
      await call("POST", "/admin/shipping/methods", {
        code: "economy",
        name: "Again",
        minTransitDays: 1,
        maxTransitDays: 2,
      }),
      409,
      "shipping_code_taken",
    );
    const rates = await call("GET", `/admin/shipping/methods/${good.body.id}/rates`);
    expect(rates.body.rates).toEqual([
      expect.objectContaining({ zoneCode: "us", currency: "USD", minSubtotal: null }),
    ]);
    const off = await call("PATCH", `/admin/shipping/methods/${good.body.id}`, { active: false });
    expect(off.body.active).toBe(false);
  });

  it.each([
    [
      "value tiers that do not start at 0",
      { rate: { type: "value_tiers", tiers: [{ minSubtotal: 100, amount: 0 }] } },
    ],
    [
      "weight tiers out of order",
      {
        rate: {
          type: "weight_tiers",
          tiers: [
            { maxGrams: 900, amount: 1 },
            { maxGrams: 100, amount: 2 },
          ],
        },
      },
    ],
    ["a fractional amount", { rate: { type: "flat", amount: 4.99 } }],
    ["an unknown rate type", { rate: { type: "per_item", amount: 100 } }],
    [
      "a minimum above the maximum",
      { rate: { type: "flat", amount: 100 }, minSubtotal: 500, maxSubtotal: 100 },
    ],
  ])("refuses a rate with %s", async (_name, body) => {
    const res = await call(
      "PUT",
      `/admin/shipping/methods/${await methodId("express")}/rates/${await zoneId("us")}/USD`,
      body,
    );
    expectProblem(res, 400, "validation_failed");
  });

  it("refuses rates on pickup methods and on unknown methods or zones", async () => {
    const flat = { rate: { type: "flat", amount: 100 } };
    expectProblem(
      await call(
        "PUT",
        `/admin/shipping/methods/${await methodId("pickup")}/rates/${await zoneId("us")}/USD`,
        flat,
      ),
      400,
      "validation_failed",
    );
    expectProblem(
      await call("PUT", `/admin/shipping/methods/ship_nope/rates/${await zoneId("us")}/USD`, flat),
      404,
      "not_found",
    );
    expectProblem(
      await call("PUT", `/admin/shipping/methods/${await methodId("express")}/rates/zone_nope/USD`, flat),
      404,
      "not_found",
    );
    expectProblem(
      await call(
        "PUT",
        `/admin/shipping/methods/${await methodId("express")}/rates/${await zoneId("us")}/usd`,
        flat,
      ),
      400,
      "validation_failed",
    );
    expectProblem(
      await call(
        "DELETE",
        `/admin/shipping/methods/${await methodId("express")}/rates/${await zoneId("uk")}/JPY`,
      ),
      404,
      "not_found",
    );
  });

  it("changes a rate in place and removes it", async () => {
    const url = `/admin/shipping/methods/${await methodId("express")}/rates/${await zoneId("uk")}/JPY`;
    expect((await call("PUT", url, { rate: { type: "flat", amount: 2500 } })).body).toMatchObject({
      currency: "JPY",
      rate: { amount: 2500 },
    });
    expect(
      (await call("PUT", url, { rate: { type: "free_over", amount: 2500, threshold: 20_000 } })).status,
    ).toBe(200);
    const rates = (await call("GET", `/admin/shipping/methods/${await methodId("express")}/rates`)).body
      .rates;
    expect(rates.filter((r: { currency: string }) => r.currency === "JPY")).toEqual([
      expect.objectContaining({ rate: { type: "free_over", amount: 2500, threshold: 20_000 } }),
    ]);
    expect((await call("DELETE", url)).status).toBe(204);
  });

  it("manages pickup locations and refuses bad ones field by field", async () => {
    const pickup = await methodId("pickup");
    const added = await call("POST", `/admin/shipping/methods/${pickup}/pickup-locations`, brooklyn);
    expect(added.status).toBe(201);
    const list = await call("GET", `/admin/shipping/methods/${pickup}/pickup-locations`);
    expect(list.body.locations).toHaveLength(2);
    const renamed = await call("PUT", `/admin/shipping/pickup-locations/${added.body.id}`, {
      ...brooklyn,
      name: "Renamed",
    });
    expect(renamed.body.name).toBe("Renamed");
    const bad = await call("POST", `/admin/shipping/methods/${pickup}/pickup-locations`, {
      ...brooklyn,
      address: { ...brooklyn.address, postalCode: "ABCDE" },
      timeZone: "Mars/Olympus",
      openingHours: [{ weekday: 1, opens: "17:00", closes: "09:00" }],
    });
    expectProblem(bad, 400, "validation_failed");
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      "address.postalCode",
      "timeZone",
      "openingHours.0",
    ]);
    expectProblem(
      await call("POST", `/admin/shipping/methods/${await methodId("standard")}/pickup-locations`, brooklyn),
      400,
      "validation_failed",
    );
    expectProblem(
      await call("POST", `/admin/shipping/methods/${pickup}/pickup-locations`, {
        ...brooklyn,
        readyInDays: -1,
      }),
      400,
      "validation_failed",
    );
    expect((await call("DELETE", `/admin/shipping/pickup-locations/${added.body.id}`)).status).toBe(204);
    expectProblem(
      await call("DELETE", `/admin/shipping/pickup-locations/${added.body.id}`),
      404,
      "not_found",
    );
  });

  it("reads and sets the warehouse calendar, and refuses a bad one", async () => {
    expect((await call("GET", "/admin/shipping/warehouse")).body).toMatchObject({
      country: "US",
      cutoffTime: "14:00",
    });
    const set = { country: "US", timeZone: "America/Chicago", processingDays: 2, cutoffTime: "12:30" };
    expect((await call("PUT", "/admin/shipping/warehouse", set)).body).toEqual(set);
    expectProblem(
      await call("PUT", "/admin/shipping/warehouse", { ...set, cutoffTime: "25:00" }),
      400,
      "validation_failed",
    );
    expectProblem(
      await call("PUT", "/admin/shipping/warehouse", { ...set, timeZone: "Nowhere/City" }),
      400,
      "validation_failed",
    );
    expect((await call("GET", "/admin/shipping/warehouse")).body).toEqual(set);
  });

  it("adds and lists holidays, and refuses dates that do not exist", async () => {
    const added = await call("POST", "/admin/shipping/holidays", {
      holidays: [{ country: "CA", date: "2026-07-01", name: "Canada Day" }],
    });
    expect(added.body.holidays).toContainEqual({ country: "CA", date: "2026-07-01", name: "Canada Day" });
    expect((await call("GET", "/admin/shipping/holidays?country=CA")).body.holidays).toContainEqual(
      expect.objectContaining({ date: "2026-07-01" }),
    );
    expectProblem(
      await call("POST", "/admin/shipping/holidays", {
        holidays: [{ country: "CA", date: "2026-02-30", name: "x" }],
      }),
      400,
      "validation_failed",
    );
    expectProblem(await call("DELETE", "/admin/shipping/holidays/CA/2026-02-30"), 400, "validation_failed");
    expectProblem(await call("DELETE", "/admin/shipping/holidays/CA/2026-07-02"), 404, "not_found");
  });

  it("documents every shipping admin route in the OpenAPI document", async () => {
    const res = await app.call("GET", "/openapi.json");
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    const doc = res.body;
    for (const path of [
      "/admin/shipping/zones",
      "/admin/shipping/zones/{zoneId}",
      "/admin/shipping/methods",
      "/admin/shipping/methods/{methodId}",
      "/admin/shipping/methods/{methodId}/rates/{zoneId}/{currency}",
      "/admin/shipping/methods/{methodId}/pickup-locations",
      "/admin/shipping/pickup-locations/{locationId}",
      "/admin/shipping/warehouse",
      "/admin/shipping/holidays",
      "/admin/shipping/holidays/{country}/{date}",
    ])
      expect(doc.paths[path], path).toBeDefined();
    expect(doc.paths["/store/carts/{cartId}/shipping-method"].put.requestBody).toBeDefined();
  });
});
