import { and, eq, ne, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { money } from "../../shared/money/index.ts";
import { type CreditNote, issueReceipt, paymentLabel } from "../notifications/index.ts";
import {
  getOrderPayments,
  lockOrderForFulfillment,
  type OrderView,
  refundOrderPayment,
} from "../orders/index.ts";
import { issueGiftCard, refundGiftCard } from "../promotions/index.ts";
import { draftCreditNote, orderFacts } from "./credit-note.ts";
import { type RefundBreakdown, refundForUnits, scaleRefund } from "./domain/refund-amounts.ts";
import {
  getReturn,
  lockReturn,
  type ReturnRefundRow,
  type ReturnRow,
  type ReturnView,
} from "./returns.repository.ts";
import type { ReturnsContext } from "./returns-context.ts";
import { type RefundMethod, returnLines, returnRefunds } from "./schema.ts";
import { invalidTransition, moveReturn } from "./transition.ts";

export interface RefundRequest {
  method: RefundMethod;
  /** Also give back the order's shipping (net and its tax); at most once per order. */
  includeShipping: boolean;
  /** A partial refund: less than the received units are worth. Default: all of it. */
  amount?: number | undefined;
  reason?: string | undefined;
  actor: string;
}

/** Outcomes worth retrying as they are: the refund stays pending and a retry re-drives it. */
const undecided = new Set(["payment_pending", "payment_provider_unavailable", "service_unavailable"]);

/** Whether a refund failure left the refund pending (undecided) rather than failed. */
export const isUndecidedRefund = (code: string) => undecided.has(code);

/**
 * Refunds a received return, exactly once. Under the return's and the order's row locks it works
 * out the amounts from the order snapshot (tax by rate, largest remainder) and writes one refund
 * row (a partial unique index allows one that is not failed). To the original payment: the
 * payment is refunded through the orders/payments path (G8, `refund_exceeds_captured`) with that
 * row's id as the request key, so a parallel or retried request re-drives the same refund and
 * never a second; then the refund settles with the next credit note number, the return becomes
 * refunded and `return.refunded` is written. As store credit or a gift card: the card is issued
 * and everything settles in one transaction.
 */
export async function refundReturn(
  ctx: ReturnsContext,
  returnId: string,
  input: RefundRequest,
): Promise<Result<ReturnView>> {
  const prepared = await ctx.db.transaction((tx) => prepareRefund(ctx, tx, returnId, input));
  if (!prepared.ok) return prepared;
  const refund = prepared.value;
  if (refund.status === "pending") {
    const paid = await refundOrderPayment(ctx, refund.orderId, {
      amount: refund.amount - refund.giftCardAmount,
      reason: input.reason ?? `Return ${refund.creditNote.returnNumber}`,
      requestKey: `return-refund:${refund.id}`,
      actor: input.actor,
    });
    if (!paid.ok) {
      if (!isUndecidedRefund(paid.failure.code)) await markFailed(ctx, refund.id, paid.failure.code);
      return paid;
    }
    await ctx.db.transaction(async (tx) => {
      const row = await lockReturn(tx, returnId);
      if (row)
        await settleRefund(tx, row, refund.id, {
          actor: input.actor,
          at: ctx.clock.now(),
          giftCardCode: null,
        });
    });
  }
  return ok((await getReturn(ctx.db, returnId))!);
}

async function prepareRefund(
  ctx: ReturnsContext,
  tx: Db,
  returnId: string,
  input: RefundRequest,
): Promise<Result<ReturnRefundRow>> {
  const row = await lockReturn(tx, returnId);
  if (!row) return fail("not_found", `No return ${returnId}.`);
  const [open] = await tx
    .select()
    .from(returnRefunds)
    .where(and(eq(returnRefunds.returnId, returnId), ne(returnRefunds.status, "failed")));
  // A refund under way (its provider call was interrupted or is running): drive that one.
  if (open?.status === "pending") return ok(open);
  if (row.status !== "received") return invalidTransition(row, "refunded");
  const order = await lockOrderForFulfillment(tx, row.orderId);
  if (!order) throw new Error(`order ${row.orderId} of return ${returnId} not found`);
  const amounts = await refundAmounts(tx, row, order, input);
  if (!amounts.ok) return amounts;
  const at = ctx.clock.now();
  const receipt = await issueReceipt(tx, order.id, order.placedAt);
  const refundedTo =
    input.method === "original_payment"
      ? paymentLabel(order.payment)
      : input.method === "store_credit"
        ? "Store credit"
        : "Gift card";
  const note = draftCreditNote(
    order,
    { returnNumber: row.number, invoiceNumber: receipt.invoiceNumber, refundedTo },
    amounts.value,
  );
  const refund = {
    id: newId("rrf"),
    returnId,
    orderId: order.id,
    method: input.method,
    amount: amounts.value.total,
    currency: order.currency,
    includesShipping: input.includeShipping,
    creditNote: note,
    actor: input.actor,
    createdAt: at,
  };
  if (input.method === "original_payment") {
    const toGiftCard = await giftCardShare(tx, order, refund.amount);
    if (toGiftCard > 0) note.refundedTo = `${refundedTo} and gift card ${order.giftCard!.codeHint}`;
    const [pending] = await tx
      .insert(returnRefunds)
      .values({
        ...refund,
        creditNote: note,
        status: "pending",
        ...(toGiftCard > 0 ? { giftCardId: order.giftCard!.giftCardId, giftCardAmount: toGiftCard } : {}),
      })
      .returning();
    if (toGiftCard < refund.amount) return ok(pending!);
    // All of it goes back on the gift card: nothing for the payment provider to do.
    await settleRefund(tx, row, pending!.id, { actor: input.actor, at, giftCardCode: null });
    return ok({ ...pending!, status: "succeeded" });
  }
  const issued = await issueGiftCard(
    tx,
    {
      amount: money(refund.amount, order.currency),
      kind: input.method,
      customerId: order.customerId ?? undefined,
      note: `Refund of return ${row.number} (order ${order.number})`,
    },
    at,
  );
  if (!issued.ok) return issued;
  note.refundedTo = `${refundedTo} ${issued.value.card.codeHint}`;
  const [pending] = await tx
    .insert(returnRefunds)
    .values({ ...refund, creditNote: note, status: "pending", giftCardId: issued.value.card.id })
    .returning();
  await settleRefund(tx, row, pending!.id, { actor: input.actor, at, giftCardCode: issued.value.code });
  return ok({ ...pending!, status: "succeeded" });
}

/**
 * How much of a refund to the original payment goes back on the gift card that paid part of the
 * order: what the card or bank payment cannot take (captured, less refunded and less other
 * returns' refunds still under way), up to what the gift card paid and has not had back. The
 * payment goes first: a shopper who paid money gets money back before store value.
 */
async function giftCardShare(tx: Db, order: OrderView, total: number): Promise<number> {
  if (!order.giftCard) return 0;
  const payment = (await getOrderPayments(tx, order.id)).find((p) => p.status !== "failed");
  const [open] = await queryRows<{ toPayment: string; toGiftCard: string }>(
    tx,
    sql`select coalesce(sum(amount - gift_card_amount) filter (where status = 'pending'), 0)::text as "toPayment",
               coalesce(sum(gift_card_amount), 0)::text as "toGiftCard"
        from return_refunds
        where order_id = ${order.id} and method = 'original_payment' and status <> 'failed'`,
  );
  const paymentLeft = payment
    ? Math.max(0, payment.capturedAmount - payment.refundedAmount - Number(open?.toPayment ?? 0))
    : 0;
  const giftCardLeft = Math.max(0, order.giftCard.amount - Number(open?.toGiftCard ?? 0));
  return Math.min(giftCardLeft, Math.max(0, total - paymentLeft));
}

/** The refund's amounts: received units after those refunded before, shipping if asked, scaled down if partial. */
async function refundAmounts(
  tx: Db,
  row: ReturnRow,
  order: OrderView,
  input: RefundRequest,
): Promise<Result<RefundBreakdown>> {
  if (input.includeShipping) {
    const [shipped] = await queryRows<{ id: string }>(
      tx,
      sql`select id from return_refunds
          where order_id = ${order.id} and includes_shipping and status <> 'failed' limit 1`,
    );
    if (shipped)
      return fail("shipping_already_refunded", "The order's shipping was refunded with an earlier return.");
  }
  const prior = await queryRows<{ orderLineId: string; units: string }>(
    tx,
    sql`select l.order_line_id as "orderLineId", sum(coalesce(l.received_quantity, 0))::text as units
        from return_lines l join return_refunds f on f.return_id = l.return_id
        where f.order_id = ${order.id} and f.status <> 'failed' and l.exchange_sku is null
        group by l.order_line_id`,
  );
  const lines = await tx.select().from(returnLines).where(eq(returnLines.returnId, row.id));
  const full = refundForUnits(
    orderFacts(order),
    lines.map((l) => ({
      orderLineId: l.orderLineId,
      // Exchanged units are paid for by the replacement order: nothing of them is refunded.
      units: l.exchangeSku ? 0 : (l.receivedQuantity ?? 0),
      alreadyRefunded: Number(prior.find((p) => p.orderLineId === l.orderLineId)?.units ?? 0),
    })),
    input.includeShipping,
  );
  if (full.total === 0)
    return fail(
      "nothing_to_refund",
      `No units of return ${row.number} arrived that were not exchanged, so nothing is owed.`,
    );
  if (input.amount === undefined) return ok(full);
  if (input.amount > full.total)
    return fail("refund_exceeds_returned", `At most ${full.total} (minor units) is owed for this return.`, {
      meta: { refundable: { amount: full.total, currency: order.currency } },
    });
  return ok(scaleRefund(full, input.amount, order.currency));
}

/**
 * Settles a pending refund under the return's lock: the next credit note number, the return
 * refunded and `return.refunded` (with the credit note; with the card code for the mailer, which
 * is the only place it is ever shown). Does nothing when the refund was settled already.
 */
async function settleRefund(
  tx: Db,
  row: ReturnRow,
  refundId: string,
  input: { actor: string; at: Date; giftCardCode: string | null },
): Promise<void> {
  const [refund] = await tx
    .select()
    .from(returnRefunds)
    .where(and(eq(returnRefunds.id, refundId), eq(returnRefunds.status, "pending")));
  if (!refund) return;
  if (refund.method === "original_payment" && refund.giftCardAmount > 0 && refund.giftCardId) {
    // Keyed by the refund: settling twice (a retry racing a sweep) credits the card once.
    const credited = await refundGiftCard(
      tx,
      {
        giftCardId: refund.giftCardId,
        reference: `return-refund:${refund.id}`,
        amount: money(refund.giftCardAmount, refund.currency),
      },
      input.at,
    );
    if (!credited.ok) throw new Error(`gift card credit of refund ${refund.id}: ${credited.failure.detail}`);
  }
  const [seq] = await queryRows<{ n: string }>(
    tx,
    sql`select lpad(nextval('credit_note_number_seq')::text, 6, '0') as n`,
  );
  const creditNote: CreditNote = {
    ...refund.creditNote,
    number: `CN-${seq!.n}`,
    issuedAt: input.at.toISOString(),
  };
  await tx
    .update(returnRefunds)
    .set({ status: "succeeded", settledAt: input.at, creditNoteNumber: creditNote.number, creditNote })
    .where(eq(returnRefunds.id, refundId));
  const moved = await moveReturn(tx, row, "refunded", {
    actor: input.actor,
    at: input.at,
    data: { refundId, method: refund.method, amount: refund.amount, creditNoteNumber: creditNote.number },
    payload: {
      refundId,
      method: refund.method,
      amount: refund.amount,
      currency: refund.currency,
      includesShipping: refund.includesShipping,
      creditNote,
      // Like the order access token in order.placed: the mailer needs it once; nobody may copy it.
      giftCardCode: input.giftCardCode,
    },
  });
  if (!moved.ok) throw new Error(`return ${row.id} could not become refunded: ${moved.failure.detail}`);
}

async function markFailed(ctx: ReturnsContext, refundId: string, reason: string): Promise<void> {
  await ctx.db
    .update(returnRefunds)
    .set({ status: "failed", failureReason: reason, settledAt: ctx.clock.now() })
    .where(and(eq(returnRefunds.id, refundId), eq(returnRefunds.status, "pending")));
}
