import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { issueReceipt } from "../../src/modules/notifications/issue-receipt.ts";
import type { Database } from "../../src/shared/db/database.ts";
import { databaseKinds, openTestDatabase } from "../support/database.ts";

describe.each(databaseKinds())("issuing receipts on %s", (kind) => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase(kind);
  });
  afterEach(async () => database?.close());

  const at = new Date("2030-01-01T10:00:00Z");
  const numberOf = (invoiceNumber: string) => Number(invoiceNumber.slice("INV-".length));

  it("returns the first receipt on every later call and draws no number for it again", async () => {
    const first = await issueReceipt(database.db, "ord_a", at);
    const again = await issueReceipt(database.db, "ord_a", new Date("2030-01-02T10:00:00Z"));
    expect(again).toEqual(first);
    const next = await issueReceipt(database.db, "ord_b", at);
    expect(numberOf(next.invoiceNumber)).toBe(numberOf(first.invoiceNumber) + 1);
  });

  it("gives an order one number when it is issued in parallel", async () => {
    const receipts = await Promise.all(
      Array.from({ length: 5 }, () => issueReceipt(database.db, "ord_race", at)),
    );
    expect(new Set(receipts.map((r) => r.invoiceNumber)).size).toBe(1);
  });
});
