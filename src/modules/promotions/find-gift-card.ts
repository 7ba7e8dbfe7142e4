import { asc, eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { hashGiftCardCode } from "./gift-card-code.ts";
import { giftCardLedger, giftCards } from "./schema.ts";

type GiftCardRow = typeof giftCards.$inferSelect;

export interface GiftCardView {
  id: string;
  kind: "gift_card" | "store_credit";
  codeHint: string;
  currency: string;
  initialAmount: number;
  balance: number;
  status: "active" | "disabled";
  expiresAt: Date | null;
  customerId: string | null;
  note: string | null;
  createdAt: Date;
}

export interface LedgerEntry {
  id: string;
  kind: "hold" | "capture" | "release" | "credit";
  amount: number;
  reference: string;
  createdAt: Date;
}

const toView = ({ codeHash: _hash, ...row }: GiftCardRow): GiftCardView => row;

export async function getGiftCard(db: Db, id: string): Promise<GiftCardView | undefined> {
  const [row] = await db.select().from(giftCards).where(eq(giftCards.id, id));
  return row && toView(row);
}

/** The card and its ledger, oldest entry first (Admin API). */
export async function getGiftCardWithLedger(
  db: Db,
  id: string,
): Promise<{ card: GiftCardView; ledger: LedgerEntry[] } | undefined> {
  const card = await getGiftCard(db, id);
  if (!card) return undefined;
  const ledger = await db
    .select({
      id: giftCardLedger.id,
      kind: giftCardLedger.kind,
      amount: giftCardLedger.amount,
      reference: giftCardLedger.reference,
      createdAt: giftCardLedger.createdAt,
    })
    .from(giftCardLedger)
    .where(eq(giftCardLedger.giftCardId, id))
    .orderBy(asc(giftCardLedger.createdAt), asc(giftCardLedger.id));
  return { card, ledger };
}

/** The card a shopper's code names, or undefined; one indexed lookup by hash of the code. */
export async function findGiftCardByCode(db: Db, code: string): Promise<GiftCardView | undefined> {
  const [row] = await db
    .select()
    .from(giftCards)
    .where(eq(giftCards.codeHash, hashGiftCardCode(code)));
  return row && toView(row);
}

export interface GiftCardBalance {
  balance: { amount: number; currency: string };
  status: "active" | "expired";
  expiresAt: Date | null;
}

/**
 * What the Store API tells whoever holds a code. A disabled card answers like an unknown one:
 * the only thing a guesser can learn is "not found". An expired card still says so, because
 * only someone holding the real code can get that far.
 */
export async function checkGiftCardBalance(
  db: Db,
  code: string,
  at: Date,
): Promise<GiftCardBalance | undefined> {
  const card = await findGiftCardByCode(db, code);
  if (card?.status !== "active") return undefined;
  const expired = card.expiresAt !== null && card.expiresAt <= at;
  return {
    balance: { amount: card.balance, currency: card.currency },
    status: expired ? "expired" : "active",
    expiresAt: card.expiresAt,
  };
}
