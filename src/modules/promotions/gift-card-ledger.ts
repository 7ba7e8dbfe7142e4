import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import type { Money } from "../../shared/money/index.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { hashGiftCardCode } from "./gift-card-code.ts";
import { giftCardLedger, giftCards } from "./schema.ts";

export type GiftCardRef = { code: string } | { giftCardId: string };

export interface GiftCardHold {
  giftCardId: string;
  reference: string;
  held: Money;
  /** What is left on the card after this hold. */
  balance: Money;
}

/**
 * Takes money off a card for `reference` (checkout's prepare step), in the caller's transaction.
 * With `partial`, takes what there is up to `amount` (a card smaller than the order); otherwise
 * exactly `amount` or nothing. Locks the card row, re-reads, then writes: parallel checkouts on
 * one card queue up, and the `balance >= amount` update plus the check constraint keep G12.
 * Idempotent: a second hold for the same card and reference returns the first.
 */
export async function holdGiftCard(
  tx: Db,
  input: { card: GiftCardRef; reference: string; amount: Money; partial?: boolean },
  at: Date,
): Promise<Result<GiftCardHold>> {
  const where =
    "code" in input.card
      ? eq(giftCards.codeHash, hashGiftCardCode(input.card.code))
      : eq(giftCards.id, input.card.giftCardId);
  const [card] = await tx.select().from(giftCards).where(where).for("update");
  if (card?.status !== "active") return fail("gift_card_not_found", "No active gift card has this code.");
  const balanceOf = (amount: number): Money => ({ amount, currency: card.currency });
  const [previous] = await entries(tx, card.id, input.reference, "hold");
  if (previous)
    return ok({
      giftCardId: card.id,
      reference: input.reference,
      held: balanceOf(previous.amount),
      balance: balanceOf(card.balance),
    });
  if (card.expiresAt && card.expiresAt <= at) return fail("gift_card_expired", "This gift card has expired.");
  if (card.currency !== input.amount.currency)
    return fail(
      "gift_card_currency_mismatch",
      `This gift card is in ${card.currency}, the order in ${input.amount.currency}.`,
    );
  const take = input.partial ? Math.min(card.balance, input.amount.amount) : input.amount.amount;
  if (take <= 0 || take > card.balance)
    return fail("gift_card_insufficient_balance", "The gift card balance is too low.", {
      meta: { balance: balanceOf(card.balance) },
    });
  const [updated] = await tx
    .update(giftCards)
    .set({ balance: sql`${giftCards.balance} - ${take}` })
    .where(and(eq(giftCards.id, card.id), sql`${giftCards.balance} >= ${take}`))
    .returning({ balance: giftCards.balance });
  // Unreachable while the row lock holds; a bug must not spend money that is not there.
  if (!updated) throw new Error(`gift card ${card.id} changed under its row lock`);
  await tx.insert(giftCardLedger).values({
    id: newId("gcl"),
    giftCardId: card.id,
    kind: "hold",
    amount: take,
    reference: input.reference,
    createdAt: at,
  });
  return ok({
    giftCardId: card.id,
    reference: input.reference,
    held: balanceOf(take),
    balance: balanceOf(updated.balance),
  });
}

/**
 * Makes the holds of `reference` final (checkout's place step), in the caller's transaction, and
 * writes `gift_card.redeemed` events. Idempotent: a hold is captured at most once, and a released
 * hold is never captured. Returns what was captured now.
 */
export async function captureGiftCard(tx: Db, reference: string, at: Date): Promise<Money[]> {
  const open = await openHolds(tx, reference);
  if (open.length === 0) return [];
  await tx.insert(giftCardLedger).values(
    open.map((h) => ({
      id: newId("gcl"),
      giftCardId: h.giftCardId,
      kind: "capture" as const,
      amount: h.amount,
      reference,
      createdAt: at,
    })),
  );
  await recordEvents(
    tx,
    at,
    open.map((h) => ({
      type: "gift_card.redeemed",
      aggregateId: h.giftCardId,
      payload: { giftCardId: h.giftCardId, reference, amount: h.amount, currency: h.currency },
    })),
  );
  return open.map((h) => ({ amount: h.amount, currency: h.currency }));
}

/**
 * Gives the uncaptured holds of `reference` back to their cards (checkout's undo step), in the
 * caller's transaction. Idempotent; a captured hold stays spent (refund it instead).
 */
export async function releaseGiftCard(tx: Db, reference: string, at: Date): Promise<void> {
  for (const h of await openHolds(tx, reference)) {
    await tx
      .update(giftCards)
      .set({ balance: sql`${giftCards.balance} + ${h.amount}` })
      .where(eq(giftCards.id, h.giftCardId));
    await tx.insert(giftCardLedger).values({
      id: newId("gcl"),
      giftCardId: h.giftCardId,
      kind: "release",
      amount: h.amount,
      reference,
      createdAt: at,
    });
  }
}

/**
 * Puts money back on a card for a refund identified by `reference`; never more than was captured
 * from the card and not yet refunded. Idempotent by (card, reference).
 */
export async function refundGiftCard(
  tx: Db,
  input: { giftCardId: string; reference: string; amount: Money },
  at: Date,
): Promise<Result<Money>> {
  const [card] = await tx.select().from(giftCards).where(eq(giftCards.id, input.giftCardId)).for("update");
  if (!card) return fail("gift_card_not_found", `No gift card ${input.giftCardId}.`);
  if (card.currency !== input.amount.currency)
    return fail("gift_card_currency_mismatch", `This gift card is in ${card.currency}.`);
  const [previous] = await entries(tx, card.id, input.reference, "credit");
  if (previous) return ok({ amount: previous.amount, currency: card.currency });
  const [sums] = await tx
    .select({
      captured: sql<string>`coalesce(sum(${giftCardLedger.amount}) filter (where ${giftCardLedger.kind} = 'capture'), 0)::text`,
      credited: sql<string>`coalesce(sum(${giftCardLedger.amount}) filter (where ${giftCardLedger.kind} = 'credit'), 0)::text`,
    })
    .from(giftCardLedger)
    .where(eq(giftCardLedger.giftCardId, card.id));
  const refundable = Number(sums?.captured ?? 0) - Number(sums?.credited ?? 0);
  if (input.amount.amount <= 0 || input.amount.amount > refundable)
    return fail("gift_card_refund_exceeds_captured", `At most ${refundable} can be refunded to this card.`);
  await tx
    .update(giftCards)
    .set({ balance: sql`${giftCards.balance} + ${input.amount.amount}` })
    .where(eq(giftCards.id, card.id));
  await tx.insert(giftCardLedger).values({
    id: newId("gcl"),
    giftCardId: card.id,
    kind: "credit",
    amount: input.amount.amount,
    reference: input.reference,
    createdAt: at,
  });
  return ok(input.amount);
}

function entries(tx: Db, giftCardId: string, reference: string, kind: "hold" | "credit") {
  return tx
    .select({ amount: giftCardLedger.amount })
    .from(giftCardLedger)
    .where(
      and(
        eq(giftCardLedger.giftCardId, giftCardId),
        eq(giftCardLedger.reference, reference),
        eq(giftCardLedger.kind, kind),
      ),
    );
}

/**
 * Holds of `reference` neither captured nor released, with their cards locked (in id order, so
 * two settlements of one checkout cannot deadlock): lock, re-read, act.
 */
async function openHolds(tx: Db, reference: string) {
  const rows = await tx
    .select({ giftCardId: giftCardLedger.giftCardId })
    .from(giftCardLedger)
    .where(and(eq(giftCardLedger.reference, reference), eq(giftCardLedger.kind, "hold")));
  const cardIds = [...new Set(rows.map((r) => r.giftCardId))].sort();
  if (cardIds.length === 0) return [];
  const cards = await tx
    .select({ id: giftCards.id, currency: giftCards.currency })
    .from(giftCards)
    .where(inArray(giftCards.id, cardIds))
    .orderBy(asc(giftCards.id))
    .for("update");
  const settled = await tx
    .select({
      giftCardId: giftCardLedger.giftCardId,
      kind: giftCardLedger.kind,
      amount: giftCardLedger.amount,
    })
    .from(giftCardLedger)
    .where(and(eq(giftCardLedger.reference, reference), inArray(giftCardLedger.giftCardId, cardIds)));
  return cards.flatMap((card) => {
    const mine = settled.filter((e) => e.giftCardId === card.id);
    const hold = mine.find((e) => e.kind === "hold");
    if (!hold || mine.some((e) => e.kind === "capture" || e.kind === "release")) return [];
    return [{ giftCardId: card.id, currency: card.currency, amount: hold.amount }];
  });
}
