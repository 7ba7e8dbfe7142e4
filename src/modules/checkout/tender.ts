import type { Db } from "../../shared/db/database.ts";
import { FailureError, fail, ok, type Result } from "../../shared/failure.ts";
import type { PricedCart } from "../cart/index.ts";
import { findPurchaseOrderTerms } from "../customers/index.ts";
import type { NewOrder } from "../orders/index.ts";
import {
  type AuthorizeOutcome,
  authorizePayment,
  holdCredit,
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

/**
 * What the attempt's payment source is: a provider token for cards, the shopper's purchase
 * order number for a purchase order, nothing for a bank transfer. Checked before the
 * Idempotency-Key is claimed, so a refused request stores nothing.
 */
export function paymentSourceOf(payment: {
  provider: string;
  token?: string | undefined;
  purchaseOrderNumber?: string | undefined;
}): Result<string> {
  const missing = (field: string, message: string) =>
    fail<string>("validation_failed", `payment.${field} is required for ${payment.provider}.`, {
      errors: [{ field: `payment.${field}`, code: "required", message }],
    });
  if (payment.provider === "bank_transfer") return ok("bank_transfer");
  if (payment.provider === "purchase_order") {
    const number = payment.purchaseOrderNumber?.trim();
    return number ? ok(number) : missing("purchaseOrderNumber", "your purchase order number is required");
  }
  return payment.token ? ok(payment.token) : missing("token", "a payment token is required");
}

/**
 * A purchase order, in prepare's transaction: only for an account enabled for it, and only
 * within its credit, which is taken now by a conditional update (parallel checkouts can never
 * pass the limit) and given back when the attempt is undone. Returns the invoice's net days.
 */
export async function holdPurchaseOrderCredit(
  tx: Db,
  cart: PricedCart,
  hold: { provider: string; attemptId: string; amount: number },
  at: Date,
): Promise<number | undefined> {
  if (hold.provider !== "purchase_order") return undefined;
  const terms = await findPurchaseOrderTerms(tx, cart.customerId);
  if (!terms) {
    throw new FailureError({
      code: "purchase_order_not_allowed",
      detail:
        "Purchase orders are for business accounts the store enabled for them; sign in or choose another method.",
    });
  }
  if (hold.amount > 0) {
    const held = await holdCredit(
      tx,
      {
        attemptId: hold.attemptId,
        customerId: cart.customerId!,
        amount: hold.amount,
        currency: cart.currency,
      },
      at,
    );
    if (!held.ok) throw new FailureError(held.failure);
  }
  return terms.netDays;
}

/**
 * The order's payment as placed: captured when a gift card paid everything, awaiting payment
 * with the instructions the shopper pays by (bank transfer, purchase-order invoice), else
 * authorized at the provider.
 */
export function paymentOf(
  attempt: {
    provider: string;
    source: string;
    amount: number;
    currency: string;
    snapshot: { paymentTermsDays?: number };
  },
  outcome: Extract<AuthorizeOutcome, { status: "authorized" }>,
  at: Date,
): NewOrder["payment"] {
  const card = { provider: attempt.provider, brand: outcome.brand, last4: outcome.last4 };
  // Nothing to capture when a gift card paid it all: it was taken in full at prepare.
  if (attempt.amount === 0) return { ...card, status: "captured" };
  const offline = outcome.awaitingPayment;
  if (!offline) return { ...card, status: "authorized" };
  const days = attempt.snapshot.paymentTermsDays ?? offline.dueDays;
  const dueOn = new Date(at.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  const purchaseOrder = attempt.provider === "purchase_order";
  return {
    ...card,
    status: "awaiting_payment",
    instructions: {
      reference: offline.reference,
      amount: attempt.amount,
      currency: attempt.currency,
      dueOn,
      payTo: offline.payTo,
      ...(purchaseOrder ? { purchaseOrderNumber: attempt.source, netDays: days } : {}),
    },
  };
}
