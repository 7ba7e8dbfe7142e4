/**
 * Completes a cart into exactly one order.
 *
 * Guarantees (../../../GUARANTEES.md):
 * - G5  one order per cart: the cart row lock, the one-live-attempt index and orders.cart_id unique;
 *       a caller that finds another attempt running waits for it and returns its order.
 * - G7  no orphan charge: the provider is keyed by the attempt id; an authorization whose order
 *       cannot be placed is voided, here or by the sweeper (recover-checkouts.ts).
 * - G10 no oversell: stock is reserved by conditional updates before any money moves.
 * - No transaction is open while the payment provider is called.
 *
 * Steps: prepare (one transaction) → authorize (network) → place (one transaction) | undo.
 * 3-D Secure: authorize may answer `requires_action`; the attempt then waits, live, and the next
 * completion of the cart resumes it (resume-attempt.ts) instead of starting another.
 */

import { sql } from "drizzle-orm";
import { preparedQuery } from "../../shared/db/prepared-query.ts";
import { FailureError, fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import {
  type CartRow,
  findCart,
  freezeCart,
  lockCartWithLines,
  type PricedCart,
  priceCart,
} from "../cart/index.ts";
import { type PriceSettings, toSettlement } from "../catalog/index.ts";
import { reserveStock } from "../inventory/index.ts";
import { findOrderByCart, type OrderView } from "../orders/index.ts";
import {
  type AuthorizeOutcome,
  type PaymentRequest,
  type PaymentsContext,
  providerUnavailable,
} from "../payments/index.ts";
import { customerKeyOf, redeemPromotions } from "../promotions/index.ts";
import { readShippingConfigFromCache } from "../shipping/index.ts";
import type { TaxSettings } from "../tax/index.ts";
import { recordRefusal } from "./checkout-failed.ts";
import { findWaitingAttempt, resumeWaitingAttempt } from "./resume-attempt.ts";
import { checkoutAttempts } from "./schema.ts";
import { type Attempt, settleAttempt, undoAttempt } from "./settle-attempt.ts";
import { authorizeTender, holdCartGiftCard, holdPurchaseOrderCredit, lookupTender } from "./tender.ts";

/** Test seams: run between steps so races and crashes are triggered on purpose, not by sleeps. */
export interface CheckoutHooks {
  afterPrepare?(attemptId: string): Promise<void>;
  afterAuthorize?(attemptId: string): Promise<void>;
  beforePlace?(attemptId: string): Promise<void>;
}

export type CheckoutContext = PaymentsContext & {
  orderNumberPrefix: string;
  hooks?: CheckoutHooks | undefined;
  /** How long a caller waits for another in-flight attempt on the same cart before a 409. */
  waitForOtherAttemptMs?: number;
  /** The same tax settings the cart is priced with, so the total checked is the one shown. */
  tax: TaxSettings;
  /** The same price settings (base currency, precedence, FX) the cart is priced with. */
  prices?: PriceSettings | undefined;
};

export interface CompleteCheckoutInput {
  cartId: string;
  token: string;
  payment: { provider: string; source: string };
  /** The total the shopper saw; completion refuses if the cart now costs something else. */
  expectedTotal?: { amount: number; currency: string } | undefined;
  /**
   * The cart as the caller just read it with `token` (the route does, to answer 404 before it
   * claims the Idempotency-Key): not read again. Only a hint: prepare re-reads it under lock.
   */
  cart?: CartRow | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Completes the cart, or returns the order it already became. Safe to call any number of times. */
export async function completeCheckout(
  ctx: CheckoutContext,
  input: CompleteCheckoutInput,
): Promise<Result<OrderView>> {
  const access = input.cart ? ok(input.cart) : await findCart(ctx.db, input.cartId, input.token);
  if (!access.ok) return access;
  if (!ctx.gateways.has(input.payment.provider)) {
    return fail("unsupported_payment_provider", `Payment provider ${input.payment.provider} is not enabled.`);
  }
  const deadline = Date.now() + (ctx.waitForOtherAttemptMs ?? 15_000);
  // An open cart has no order: placing one completes the cart in the same transaction. If one is
  // placed after our read, prepare finds the cart no longer open and the next round finds it.
  let mayHaveOrder = access.value.status !== "open";
  for (;;) {
    const existing = mayHaveOrder ? await findOrderByCart(ctx.db, input.cartId) : undefined;
    if (existing) return ok(existing);
    mayHaveOrder = true;
    // After the order lookup, not before: a cart that is already an order returns it even while
    // its provider is down (G5); before, such a retry got 503 (found by provider-outage.test.ts).
    const down = providerUnavailable(ctx.gateways, input.payment.provider);
    if (down) return { ok: false, failure: down };
    const prepared = await prepare(ctx, input);
    if (!prepared.ok) {
      await recordRefusal(ctx, input.cartId, prepared.failure);
      return prepared;
    }
    if (prepared.value !== "busy") return authorizeAndSettle(ctx, prepared.value);
    // Busy because the attempt waits for the shopper (3-D Secure): resume it rather than wait.
    const waiting = await findWaitingAttempt(ctx.db, input.cartId);
    if (waiting) {
      const resumed = await resumeWaitingAttempt(ctx, waiting, input.payment);
      if (resumed !== "replaced") return resumed;
      continue;
    }
    if (Date.now() > deadline)
      return fail("checkout_in_progress", "Another request is completing this cart; retry shortly.");
    await sleep(20);
  }
}

async function authorizeAndSettle(ctx: CheckoutContext, attempt: Attempt): Promise<Result<OrderView>> {
  const request = {
    attemptId: attempt.id,
    provider: attempt.provider,
    source: attempt.source,
    amount: attempt.amount,
    currency: attempt.currency,
  };
  let outcome: AuthorizeOutcome;
  try {
    await ctx.hooks?.afterPrepare?.(attempt.id);
    outcome = await authorizeTender(ctx, request);
    await ctx.hooks?.afterAuthorize?.(attempt.id);
  } catch (error) {
    // Without this, an error here left the stock held, the cart frozen and possibly a live
    // authorization until the sweeper's staleness window passed (found by the step-failure
    // guarantee tests); the shopper could not retry meanwhile.
    await abandonAttempt(ctx, request, error);
    throw error;
  }
  return settleAttempt(ctx, attempt, outcome);
}

/**
 * Compensation for an unexpected error between prepare and place. The error may have come after
 * the provider took the charge, so ask it first (which also records an authorization it holds,
 * for the void); undo only on a known answer. When the provider cannot say, the attempt stays for
 * the sweeper: undoing blind could leave a charge that nothing would ever void (G7).
 */
async function abandonAttempt(ctx: CheckoutContext, request: PaymentRequest, error: unknown): Promise<void> {
  ctx.log.error({ err: error, attemptId: request.attemptId }, "checkout failed before placing; undoing");
  try {
    const known = await lookupTender(ctx, request);
    if (known.status !== "unknown") await undoAttempt(ctx, request.attemptId, "checkout_error");
  } catch (undoError) {
    ctx.log.error({ err: undoError, attemptId: request.attemptId }, "undo failed; left to the sweeper");
  }
}

/**
 * One transaction: lock the cart, re-price it, check what the shopper saw, reserve stock, record
 * the attempt and freeze the cart. Returns "busy" when another attempt holds the cart.
 */
async function prepare(
  ctx: CheckoutContext,
  input: CompleteCheckoutInput,
): Promise<Result<Attempt | "busy">> {
  const at = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const locked = await lockCartWithLines(tx, input.cartId);
      const cart = locked?.cart;
      if (cart?.status === "expired") throw new FailureError(cartExpired());
      if (cart?.status !== "open") return ok("busy" as const); // completing, or completed: re-read
      // Shipping as the shopper's steps priced it (5 statements fewer); prices, promotions and
      // stock are read fresh. Decision 025.
      readShippingConfigFromCache(tx, ctx.db);
      const priced = await priceCart(tx, cart, { tax: ctx.tax, prices: ctx.prices, at }, locked?.lines);
      const problem = checkReady(priced, input.expectedTotal);
      if (problem) throw new FailureError(problem);
      const attemptId = newId("att");
      const reserved = await reserveStock(tx, attemptId, priced.lines, at, {
        destinationCountry: priced.shippingAddress?.country,
      });
      if (!reserved.ok) throw new FailureError(reserved.failure);
      // Uses are counted now, beside the stock, so a limit reached never costs a void (G11).
      const redeemed = await redeemPromotions(tx, redemptionOf(priced, attemptId), at);
      if (!redeemed.ok) throw new FailureError(redeemed.failure);
      const giftCard = await holdCartGiftCard(tx, priced, attemptId, at);
      const amount = priced.totals.total.amount - (giftCard?.amount ?? 0);
      const { provider } = input.payment;
      const paymentTermsDays = await holdPurchaseOrderCredit(tx, priced, { provider, attemptId, amount }, at);
      const attempt: Attempt = {
        id: attemptId,
        cartId: cart.id,
        provider,
        source: input.payment.source,
        amount,
        currency: priced.currency,
        snapshot: {
          ...snapshotOf(priced),
          fx: settlementOf(priced, at),
          giftCard,
          ...(paymentTermsDays !== undefined ? { paymentTermsDays } : {}),
        },
      };
      await insertAttempt(tx).execute({ ...attempt, at });
      await freezeCart(tx, cart.id, at, priced.fx);
      return ok(attempt);
    });
  } catch (error) {
    if (error instanceof FailureError) return { ok: false, failure: error.failure };
    throw error;
  }
}

/** Every completion records its attempt this way: built once, then only run. */
const insertAttempt = preparedQuery((db) => {
  const p = sql.placeholder;
  return db
    .insert(checkoutAttempts)
    .values({
      id: p("id"),
      cartId: p("cartId"),
      status: "authorizing",
      provider: p("provider"),
      source: p("source"),
      amount: p("amount"),
      currency: p("currency"),
      snapshot: p("snapshot"),
      createdAt: p("at"),
      updatedAt: p("at"),
    })
    .prepare("checkout_attempt_insert");
});

/** Why a priced cart cannot be completed now, or undefined when it can. */
function checkReady(cart: PricedCart, expected: CompleteCheckoutInput["expectedTotal"]) {
  if (cart.lines.length === 0) return { code: "cart_empty", detail: "Add something to the cart first." };
  const unavailable = cart.issues.find((i) => i.code === "unavailable");
  if (unavailable)
    return {
      code: "variant_unavailable",
      detail: "A line can no longer be bought; remove it.",
      meta: { issues: cart.issues },
    };
  if (cart.missing.length > 0) {
    return {
      code: "checkout_incomplete",
      detail: `Still missing: ${cart.missing.join(", ")}.`,
      errors: cart.missing.map((step) => ({
        field: step,
        code: "required",
        message: `${step.replace("_", " ")} is required`,
      })),
    };
  }
  const total = cart.totals.total;
  if (expected && (expected.amount !== total.amount || expected.currency !== total.currency)) {
    return {
      code: "price_changed",
      detail: `The total is now ${total.amount} ${total.currency} (minor units), not ${expected.amount} ${expected.currency}.`,
      meta: { total },
    };
  }
  return undefined;
}

function redemptionOf(cart: PricedCart, reference: string) {
  const applied = cart.promotions.applied;
  return {
    reference,
    promotionIds: applied.map((p) => p.promotionId),
    customerKey: customerKeyOf({ email: cart.email }),
    codes: Object.fromEntries(applied.map((p) => [p.promotionId, p.code])),
  };
}

function snapshotOf(cart: PricedCart): Attempt["snapshot"] {
  const method = cart.shippingMethod!;
  return {
    cartId: cart.id,
    customerId: cart.customerId,
    email: cart.email!,
    currency: cart.currency,
    shippingAddress: cart.shippingAddress ?? pickupAddressOf(cart),
    shipping: {
      methodId: method.methodId,
      code: method.code,
      name: method.name,
      amount: method.amount,
      minTransitDays: method.minTransitDays,
      maxTransitDays: method.maxTransitDays,
      estimate: method.estimate,
      tax: cart.tax.shipping.tax,
      ...(cart.pickupLocation && { kind: "pickup" as const, pickupLocation: cart.pickupLocation }),
    },
    billingAddress: cart.billingAddress,
    promotions: cart.promotions.applied.map(({ promotionId, code, label, amount, shipping }) => ({
      promotionId,
      code,
      label,
      amount,
      shipping,
    })),
    tax: {
      pricesIncludeTax: cart.pricesIncludeTax,
      reverseCharge: cart.tax.reverseCharge,
      vatId: cart.vatId,
      notes: cart.tax.notes,
      breakdown: cart.tax.breakdown,
      provider: cart.tax.provider,
      fallback: cart.tax.fallback,
    },
    lines: cart.lines.map((l) => ({
      variantId: l.variantId,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      subtotal: l.subtotal,
      discount: l.discount,
      tax: l.tax,
      taxLines: l.taxLines,
    })),
    totals: {
      subtotal: cart.totals.subtotal.amount,
      discountTotal: cart.totals.discountTotal.amount,
      shippingTotal: cart.totals.shippingTotal.amount,
      taxTotal: cart.totals.taxTotal.amount,
      total: cart.totals.total.amount,
    },
  };
}

const cartExpired = () => ({
  code: "cart_expired",
  detail: "The cart expired after being idle too long; start a new cart.",
});

/** The order's totals in the base currency at the rate locked now; null in the base currency. */
function settlementOf(cart: PricedCart, lockedAt: Date): Attempt["snapshot"]["fx"] {
  if (!cart.fx) return null;
  const { baseCurrency, rate } = cart.fx;
  const settle = (m: { amount: number }) => toSettlement(m.amount, cart.currency, baseCurrency, rate);
  const t = cart.totals;
  const [subtotal, discountTotal, shippingTotal, taxTotal] = [
    settle(t.subtotal),
    settle(t.discountTotal),
    settle(t.shippingTotal),
    settle(t.taxTotal),
  ];
  // Components are converted one by one and the total follows from them, so G2 holds in the
  // base currency too (it may differ from converting the total by a minor unit or two).
  const total = subtotal - discountTotal + shippingTotal + taxTotal;
  return {
    baseCurrency,
    rate,
    lockedAt: lockedAt.toISOString(),
    settlement: { subtotal, discountTotal, shippingTotal, taxTotal, total },
  };
}

/** A pickup order goes to the store: its address, for the shopper named on the invoice if any. */
function pickupAddressOf(cart: PricedCart) {
  const store = cart.pickupLocation!;
  return {
    firstName: cart.billingAddress?.firstName ?? "",
    lastName: cart.billingAddress?.lastName ?? "",
    company: store.name,
    ...store.address,
  };
}
