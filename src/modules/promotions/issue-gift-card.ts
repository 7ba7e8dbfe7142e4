import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { isSupportedCurrency, type Money } from "../../shared/money/index.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { type GiftCardView, getGiftCard } from "./find-gift-card.ts";
import { giftCardCodeHint, hashGiftCardCode, newGiftCardCode } from "./gift-card-code.ts";
import { giftCards } from "./schema.ts";

export interface NewGiftCard {
  amount: Money;
  kind: "gift_card" | "store_credit";
  expiresAt?: Date | undefined;
  customerId?: string | undefined;
  note?: string | undefined;
}

/**
 * Issues a card and returns its code, which is not stored and cannot be shown again. Writes the
 * card and a `gift_card.issued` event (without the code) in one transaction.
 */
export async function issueGiftCard(
  db: Db,
  input: NewGiftCard,
  at: Date,
): Promise<Result<{ card: GiftCardView; code: string }>> {
  if (!isSupportedCurrency(input.amount.currency))
    return fail("unsupported_currency", `${input.amount.currency} is not a supported currency.`);
  if (input.expiresAt && input.expiresAt <= at)
    return fail("validation_failed", "The card would be expired already.", {
      errors: [{ field: "expiresAt", code: "in_the_past", message: "must be in the future" }],
    });
  const code = newGiftCardCode();
  const id = newId("gc");
  return db.transaction(async (tx) => {
    await tx.insert(giftCards).values({
      id,
      codeHash: hashGiftCardCode(code),
      codeHint: giftCardCodeHint(code),
      kind: input.kind,
      currency: input.amount.currency,
      initialAmount: input.amount.amount,
      balance: input.amount.amount,
      customerId: input.customerId ?? null,
      note: input.note ?? null,
      expiresAt: input.expiresAt ?? null,
      createdAt: at,
    });
    await recordEvents(tx, at, [
      {
        type: "gift_card.issued",
        aggregateId: id,
        payload: {
          giftCardId: id,
          kind: input.kind,
          amount: input.amount.amount,
          currency: input.amount.currency,
        },
      },
    ]);
    return ok({ card: (await getGiftCard(tx, id))!, code });
  });
}
