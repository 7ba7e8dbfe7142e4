import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/shared/db/database.ts";
import { createLogger } from "../src/shared/logger.ts";
import { readyCart, startTestApp, type TestApp } from "./support/app.ts";
import { databaseKinds } from "./support/database.ts";
import { instantTiming } from "./support/fake-gateway.ts";
import { isLuhnValid } from "./support/luhn.ts";

const numbers = [
  "4242424242424242",
  "5555555555554444",
  "378282246310005",
  "4000000000000002",
  "4000000000000119",
  "4000000000003220", // 3-D Secure: the challenge page and the waiting attempt keep no number either
];

/**
 * Digit runs (spaces or dashes allowed between digits) of 13-19 digits that pass Luhn. Long hex
 * tokens with letters (ids, hashes) are removed first: they are random, not card numbers, and
 * their digit stretches would pass Luhn one time in ten; so are decimal fractions (pino's
 * responseTime), which no card number is written as.
 */
function luhnValidRuns(text: string): string[] {
  const withoutHex = text
    .replace(/[0-9a-f]{20,}/gi, (m) => (/[a-f]/i.test(m) ? " " : m))
    .replace(/(\d)\.\d+/g, "$1");
  const runs = withoutHex.match(/\d(?:[ -]?\d){12,}/g) ?? [];
  return runs.map((r) => r.replace(/[ -]/g, "")).filter((d) => d.length <= 19 && isLuhnValid(d));
}

describe.each(databaseKinds())("no card number anywhere (G15) on %s", (kind) => {
  let app: TestApp;
  const logLines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    app = await startTestApp(kind, {
      log: createLogger("trace", sink),
      paymentResilience: { timing: instantTiming().timing },
    });
  });
  afterAll(async () => app?.close());

  it("keeps no Luhn-valid number in any table or log line after real test cards went through checkout", async () => {
    for (const [i, cardNumber] of numbers.entries()) {
      const formatted = i % 2 ? cardNumber : cardNumber.replace(/(\d{4})/g, "$1 ").trim();
      const tokenized = await app.call("POST", "/store/payments/test/tokens", {
        body: {
          cardNumber: formatted,
          expMonth: 1,
          expYear: 2099,
          cvc: cardNumber.startsWith("37") ? "1234" : "123",
        },
      });
      expect(tokenized.status).toBe(201);
      const { cartId, headers } = await readyCart(app, { lines: [{ sku: "STICKERS-5", quantity: 1 }] });
      await app.call("POST", `/store/carts/${cartId}/complete`, {
        headers: { ...headers, "idempotency-key": `pan-${i}` },
        body: { payment: { provider: "test", token: tokenized.body.token } },
      });
    }
    // An invalid card goes through the failure path too (a problem response with field errors).
    await app.call("POST", "/store/payments/test/tokens", {
      body: { cardNumber: "4242424242424242", expMonth: 1, expYear: 2001, cvc: "12" },
    });

    const tables = await queryRows<{ table_name: string }>(
      app.database.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    expect(tables.length).toBeGreaterThan(10);
    const dump: string[] = [];
    for (const { table_name } of tables) {
      const rows = await queryRows(app.database.db, sql`select * from ${sql.identifier(table_name)}`);
      dump.push(`${table_name}: ${JSON.stringify(rows)}`);
    }
    const database = dump.join("\n");
    expect(database).toContain("4242"); // last 4 is kept: the dump is real
    // Pino's epoch-millisecond `time` is 13 digits by construction; it is not card data.
    const logs = logLines.join("").replace(/"time":\d+/g, '"time":0');
    expect(logs).toContain("/store/payments/test/tokens"); // request logging did happen
    for (const n of numbers) {
      expect(database).not.toContain(n);
      expect(logs).not.toContain(n);
    }
    expect(luhnValidRuns(database)).toEqual([]);
    expect(luhnValidRuns(logs)).toEqual([]);
  });

  it("finds a card number the scan is meant to catch (the scan can fail)", () => {
    expect(luhnValidRuns('{"x":"4242 4242 4242 4242","id":"pay_0190ab"}')).toEqual(["4242424242424242"]);
  });
});
