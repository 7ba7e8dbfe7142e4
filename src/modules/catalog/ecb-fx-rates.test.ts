import { describe, expect, it } from "vitest";
import { FixedClock } from "../../shared/clock.ts";
import type { Db } from "../../shared/db/database.ts";
import { convertPrice } from "./domain/convert-price.ts";
import { createEcbFxRates, crossRate, parseEcbRates } from "./ecb-fx-rates.ts";
import type { FxRateProvider } from "./fx-rates.ts";

// The shape the ECB serves at eurofxref-daily.xml, trimmed to a few currencies.
const ecbXml = (day: string, usd = "1.0823") => `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <Cube>
    <Cube time='${day}'>
      <Cube currency='USD' rate='${usd}'/>
      <Cube currency='JPY' rate='162.35'/>
      <Cube currency='GBP' rate='0.8456'/>
      <Cube currency='CHF' rate='0.9402'/>
    </Cube>
  </Cube>
</gesmes:Envelope>`;

const db = {} as Db;
const adminTable: FxRateProvider = {
  getRate: async (_db, base, quote) =>
    base === "USD" && quote === "KWD" ? { rate: "0.3071", asOf: new Date(0) } : null,
};

function ecbWith(responses: (() => Promise<Response>)[]) {
  const clock = new FixedClock("2026-06-01T15:00:00Z");
  const calls: string[] = [];
  const fetchStub = (async (url: string | URL | Request) => {
    calls.push(String(url));
    const next = responses.shift();
    if (!next) throw new Error("no more responses");
    return next();
  }) as typeof fetch;
  const provider = createEcbFxRates({ clock, fallback: adminTable, fetch: fetchStub, maxAgeMs: 3_600_000 });
  return { provider, clock, calls };
}
const ok = (body: string) => async () => new Response(body, { status: 200 });

describe("ECB reference rates", () => {
  it("reads the day and every currency's rate per euro", () => {
    const rates = parseEcbRates(ecbXml("2026-06-01"))!;
    expect(rates.asOf.toISOString()).toBe("2026-06-01T12:00:00.000Z");
    expect(Object.fromEntries(rates.perEuro)).toEqual({
      EUR: "1",
      USD: "1.0823",
      JPY: "162.35",
      GBP: "0.8456",
      CHF: "0.9402",
    });
  });

  it("refuses a document without a date or without rates", () => {
    expect(parseEcbRates("<html>maintenance</html>")).toBeUndefined();
    expect(parseEcbRates("<Cube time='2026-06-01'></Cube>")).toBeUndefined();
  });

  it("crosses two currencies through the euro, exact to 12 decimals", () => {
    const rates = parseEcbRates(ecbXml("2026-06-01"))!;
    expect(crossRate(rates, "EUR", "USD")).toBe("1.0823");
    // 1 / 1.0823 = 0.923958237088…
    expect(crossRate(rates, "USD", "EUR")).toBe("0.923958237088");
    // 162.35 / 1.0823 = 150.00461979118543…
    expect(crossRate(rates, "USD", "JPY")).toBe("150.004619791185");
    expect(crossRate(rates, "USD", "KWD")).toBeUndefined();
  });

  it("gives rates that convert a USD price to yen with the yen's zero decimals", async () => {
    const { provider } = ecbWith([ok(ecbXml("2026-06-01"))]);
    const quote = await provider.getRate(db, "USD", "JPY");
    // 19.99 USD × 150.0046… = 2998.59 JPY → 2999 yen to the unit.
    expect(convertPrice(1999, "USD", "JPY", quote!.rate)).toBe(2999);
    expect(quote!.asOf.toISOString().slice(0, 10)).toBe("2026-06-01");
  });

  it("downloads once for parallel reads and again only after the maximum age", async () => {
    const { provider, clock, calls } = ecbWith([ok(ecbXml("2026-06-01")), ok(ecbXml("2026-06-02", "1.09"))]);
    const rates = await Promise.all(["USD", "GBP", "CHF", "USD"].map((q) => provider.getRate(db, "EUR", q)));
    expect(rates.map((r) => r?.rate)).toEqual(["1.0823", "0.8456", "0.9402", "1.0823"]);
    expect(calls).toHaveLength(1);
    clock.advance(3_599_999);
    await provider.getRate(db, "EUR", "USD");
    expect(calls).toHaveLength(1);
    clock.advance(1);
    expect((await provider.getRate(db, "EUR", "USD"))?.rate).toBe("1.09");
    expect(calls).toHaveLength(2);
  });

  it("keeps the last good day when the ECB fails or answers garbage, and waits a minute to retry", async () => {
    const { provider, clock, calls } = ecbWith([
      ok(ecbXml("2026-06-01")),
      async () => new Response("busy", { status: 503 }),
      async () => {
        throw new TypeError("fetch failed");
      },
    ]);
    await provider.getRate(db, "EUR", "USD");
    clock.advance(3_600_000);
    expect((await provider.getRate(db, "EUR", "USD"))?.rate).toBe("1.0823");
    expect((await provider.getRate(db, "EUR", "USD"))?.rate).toBe("1.0823");
    expect(calls).toHaveLength(2);
    clock.advance(60_000);
    expect((await provider.getRate(db, "EUR", "USD"))?.rate).toBe("1.0823");
    expect(calls).toHaveLength(3);
  });

  it("asks the admin-set table for currencies the ECB does not quote, and when it never answered", async () => {
    const { provider } = ecbWith([
      async () => {
        throw new TypeError("fetch failed");
      },
    ]);
    expect(await provider.getRate(db, "USD", "KWD")).toEqual({ rate: "0.3071", asOf: new Date(0) });
    expect(await provider.getRate(db, "EUR", "USD")).toBeNull();
    expect(await provider.getRate(db, "USD", "USD")).toEqual({ rate: "1", asOf: new Date(0) });
  });
});
