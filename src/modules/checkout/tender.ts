import type { Db } from "../../shared/db/database.ts";
import { FailureError } from "../../shared/failure.ts";
import type { PricedCart } from "../cart/index.ts";
import {
  type AuthorizeOutcome,
  authorizePayment,
  lookupPayment,
  type PaymentOutcome,
  type PaymentRequest,
  type PaymentsContext,
} from "../payments/index.ts";
import { holdGiftCard } from "../promotions/index.ts";

/**
 * How an attempt is paid: a gift card first (held in prepare, inside the transaction, so two
 * checkouts can never spend the same balance: G12), then the payment provider for the rest.
 * When the card covers everything there is nothing to authorize, and nothing to ask the provider.
 */
const paidByGiftCard: AuthorizeOutcome = {
  status: "authorized",
  providerReference: "gift_card",
  authorizationCode: "",
  brand: "gift_card",
  last4: "",
};

export async function authorizeTender(
  ctx: PaymentsContext,
  request: PaymentRequest,
): Promise<AuthorizeOutcome> {
  return request.amount === 0 ? paidByGiftCard : authorizePayment(ctx, request);
}

export async function lookupTender(ctx: PaymentsContext, request: PaymentRequest): Promise<PaymentOutcome> {
  return request.amount === 0 ? paidByGiftCard : lookupPayment(ctx, request);
}

/** Holds what the cart's gift card pays, in prepare's transaction; 0 without a card. */
export async function holdCartGiftCard(tx: Db, cart: PricedCart, reference: string, at: Date) {
  if (!cart.giftCard) return null;
  const held = await holdGiftCard(
    tx,
    {
      card: { giftCardId: cart.giftCard.giftCardId },
      reference,
      amount: cart.totals.total,
      partial: true,
    },
    at,
  );
  if (!held.ok) throw new FailureError(held.failure);
  return {
    giftCardId: held.value.giftCardId,
    codeHint: cart.giftCard.codeHint,
    amount: held.value.held.amount,
  };
}
