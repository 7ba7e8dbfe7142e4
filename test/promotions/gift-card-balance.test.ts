import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  captureGiftCard,
  checkGiftCardBalance,
  holdGiftCard,
  issueGiftCard,
  refundGiftCard,
  releaseGiftCard,
} from "../../src/modules/promotions/index.ts";
import type { Database } from "../../src/shared/db/database.ts";
import { money } from "../../src/shared/money/index.ts";
import { type DatabaseKind, databaseKinds, openTestDatabase } from "../support/database.ts";
import { giftCardBooks } from "./audit.ts";

const at = new Date("2026-06-01T12:00:00Z");

// G12: a card's balance never goes below zero and its ledger always explains it.
describe.each(databaseKinds())("gift card balances under parallel checkouts on %s", (kind: DatabaseKind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind, { poolSize: 25 });
  });
  afterAll(async () => database?.close());

  async function issue(amount: number, currency = "EUR", expiresAt?: Date) {
    const issued = await issueGiftCard(
      database.db,
      { amount: money(amount, currency), kind: "gift_card", expiresAt },
      at,
    );
    if (!issued.ok) throw new Error(issued.failure.detail);
    return issued.value;
  }

  const hold = (
    code: string,
    reference: string,
    amount: number,
    options: { partial?: boolean; currency?: string } = {},
  ) =>
    database.db.transaction((tx) =>
      holdGiftCard(
        tx,
        {
          card: { code },
          reference,
          amount: money(amount, options.currency ?? "EUR"),
          partial: options.partial,
        },
        at,
      ),
    );

  it("lets 14 of 30 parallel holds of 7.00 take a 100.00 card, never below zero, with a balanced ledger", async () => {
    const { card, code } = await issue(10_000);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => hold(code, `att_${i}`, 700)));
    expect(results.filter((r) => r.ok)).toHaveLength(14);
    for (const r of results) if (!r.ok) expect(r.failure.code).toBe("gift_card_insufficient_balance");
    expect(await giftCardBooks(database.db, card.id)).toEqual({ balance: 200, fromLedger: 200 });
  });

  it("drains a card with parallel partial holds to exactly zero", async () => {
    const { card, code } = await issue(5_000);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => hold(code, `att_partial_${i}`, 1_200, { partial: true })),
    );
    const taken = results.reduce((sum, r) => sum + (r.ok ? r.value.held.amount : 0), 0);
    expect(taken).toBe(5_000);
    expect(await giftCardBooks(database.db, card.id)).toEqual({ balance: 0, fromLedger: 0 });
  });

  it("captures, releases and refunds idempotently and keeps the books balanced", async () => {
    const { card, code } = await issue(3_000);
    expect((await hold(code, "att_keep", 1_000)).ok).toBe(true);
    expect((await hold(code, "att_keep", 1_000)).ok).toBe(true); // a retry holds nothing more
    expect((await hold(code, "att_drop", 500)).ok).toBe(true);
    await database.db.transaction((tx) => captureGiftCard(tx, "att_keep", at));
    await database.db.transaction((tx) => captureGiftCard(tx, "att_keep", at));
    await database.db.transaction((tx) => releaseGiftCard(tx, "att_drop", at));
    await database.db.transaction((tx) => releaseGiftCard(tx, "att_drop", at));
    await database.db.transaction((tx) => releaseGiftCard(tx, "att_keep", at)); // captured: stays spent
    expect(await giftCardBooks(database.db, card.id)).toEqual({ balance: 2_000, fromLedger: 2_000 });

    const refund = (amount: number, reference: string) =>
      database.db.transaction((tx) =>
        refundGiftCard(tx, { giftCardId: card.id, reference, amount: money(amount, "EUR") }, at),
      );
    expect((await refund(400, "ref_1")).ok).toBe(true);
    expect((await refund(400, "ref_1")).ok).toBe(true);
    const tooMuch = await refund(601, "ref_2");
    expect(tooMuch.ok ? "ok" : tooMuch.failure.code).toBe("gift_card_refund_exceeds_captured");
    expect(await giftCardBooks(database.db, card.id)).toEqual({ balance: 2_400, fromLedger: 2_400 });
  });

  it("refuses a card in another currency, an expired card and an unknown code", async () => {
    const { code } = await issue(1_000, "KWD");
    const wrong = await hold(code, "att_cur", 100, { currency: "EUR" });
    expect(wrong.ok ? "ok" : wrong.failure.code).toBe("gift_card_currency_mismatch");

    const expiring = await issue(1_000, "EUR", new Date(at.getTime() + 1));
    const late = await database.db.transaction((tx) =>
      holdGiftCard(
        tx,
        { card: { code: expiring.code }, reference: "att_late", amount: money(100, "EUR") },
        new Date(at.getTime() + 1),
      ),
    );
    expect(late.ok ? "ok" : late.failure.code).toBe("gift_card_expired");

    const unknown = await hold("GC-0000-0000-0000-0000", "att_unknown", 100);
    expect(unknown.ok ? "ok" : unknown.failure.code).toBe("gift_card_not_found");
  });

  it("finds a card by its code in any case and spacing, and says nothing about unknown codes", async () => {
    const { code } = await issue(2_500, "JPY");
    const sloppy = code.toLowerCase().replaceAll("-", " ");
    expect(await checkGiftCardBalance(database.db, sloppy, at)).toEqual({
      balance: { amount: 2_500, currency: "JPY" },
      status: "active",
      expiresAt: null,
    });
    // One character off, never the same character (codes are random: a fixed "X" matched 1 in 32).
    const offByOne = `${code.slice(0, -1)}${code.endsWith("X") ? "Y" : "X"}`;
    expect(await checkGiftCardBalance(database.db, offByOne, at)).toBeUndefined();
  });
});
