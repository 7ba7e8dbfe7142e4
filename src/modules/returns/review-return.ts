import type { Db } from "../../shared/db/database.ts";
import { FailureError, fail, ok, type Result } from "../../shared/failure.ts";
import { buyReturnLabel } from "../fulfillment/index.ts";
import { getOrder } from "../orders/index.ts";
import { exchangeOutOfStock, findShortExchange } from "./choose-exchange.ts";
import { canMove } from "./domain/return-status.ts";
import { holdExchangeStock, releaseExchangeStock } from "./hold-exchange-stock.ts";
import { getReturn, lockReturn, type ReturnView } from "./returns.repository.ts";
import type { ReturnsContext } from "./returns-context.ts";
import { invalidTransition, moveReturn } from "./transition.ts";

/**
 * Approves a requested return and issues its return label. The carrier is called first, with no
 * transaction open (it dedupes by the return id, so a retry gets the same label); then, under the
 * return's row lock, stock is held for exchanged lines (`exchange_out_of_stock` rolls it all back,
 * unless the shopper chose a refund then), the return becomes approved with the label, and
 * `return.approved` is written. A replacement that is short before the label is bought is refused
 * without calling the carrier.
 */
export async function approveReturn(
  ctx: ReturnsContext,
  returnId: string,
  input: { carrier?: string | undefined; actor: string },
): Promise<Result<ReturnView>> {
  const current = await getReturn(ctx.db, returnId);
  if (!current) return fail("not_found", `No return ${returnId}.`);
  if (!canMove(current.status, "approved")) return invalidTransition(current, "approved");
  const carrier = input.carrier ?? "test";
  if (!ctx.carriers[carrier])
    return fail("unsupported_carrier", `The carrier "${carrier}" is not configured.`);
  const order = await getOrder(ctx.db, current.orderId);
  if (!order) throw new Error(`order ${current.orderId} of return ${returnId} not found`);
  const short = await findShortExchange(ctx.db, current.lines);
  if (short && !short.refundIfUnavailable)
    return { ok: false, failure: exchangeOutOfStock(short.sku, short.requested, short.available) };
  let label: Awaited<ReturnType<typeof buyReturnLabel>>;
  try {
    label = await buyReturnLabel(ctx, {
      returnId,
      reference: `${order.number} / ${current.number}`,
      from: order.shippingAddress,
      lines: current.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
      carrier,
    });
  } catch (err) {
    ctx.log.warn({ err, returnId, carrier }, "return label purchase failed");
    return fail("carrier_unavailable", `The carrier ${carrier} did not issue a return label; try again.`);
  }
  const at = ctx.clock.now();
  const moved = await approveInTransaction(ctx, returnId, async (tx) => {
    const row = await lockReturn(tx, returnId);
    if (!row) return fail("not_found", `No return ${returnId}.`);
    if (!canMove(row.status, "approved")) return invalidTransition(row, "approved");
    const dropped = await holdExchangeStock(tx, row, order.shippingAddress.country, at);
    return moveReturn(tx, row, "approved", {
      actor: input.actor,
      at,
      changes: {
        carrier: label.carrier,
        trackingNumber: label.trackingNumber,
        trackingUrl: label.trackingUrl,
        labelPdf: label.labelPdf.toString("base64"),
      },
      data: {
        carrier: label.carrier,
        trackingNumber: label.trackingNumber,
        ...(dropped.length > 0 ? { exchangesRefundedInstead: dropped } : {}),
      },
      payload: {
        carrier: label.carrier,
        trackingNumber: label.trackingNumber,
        trackingUrl: label.trackingUrl,
        lines: current.lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity })),
      },
    });
  });
  if (!moved.ok) return moved;
  return ok((await getReturn(ctx.db, returnId))!);
}

/** Runs the approval's transaction; a thrown FailureError rolls it back and becomes the result. */
async function approveInTransaction(
  ctx: ReturnsContext,
  returnId: string,
  work: (tx: Db) => Promise<Result<void>>,
): Promise<Result<void>> {
  try {
    return await ctx.db.transaction(work);
  } catch (error) {
    if (error instanceof FailureError) {
      ctx.log.info({ returnId, code: error.failure.code }, "return approval refused");
      return { ok: false, failure: error.failure };
    }
    throw error;
  }
}

/** The merchant refuses a return that is requested or approved (e.g. outside the return window). */
export async function rejectReturn(
  ctx: ReturnsContext,
  returnId: string,
  input: { reason: string; actor: string },
): Promise<Result<ReturnView>> {
  return closeReturn(ctx, returnId, "rejected", input.actor, input.reason);
}

/** The shopper withdraws a return before the goods arrived. */
export async function cancelReturn(
  ctx: ReturnsContext,
  returnId: string,
  actor: string,
): Promise<Result<ReturnView>> {
  return closeReturn(ctx, returnId, "cancelled", actor, undefined);
}

async function closeReturn(
  ctx: ReturnsContext,
  returnId: string,
  to: "rejected" | "cancelled",
  actor: string,
  reason: string | undefined,
): Promise<Result<ReturnView>> {
  const at = ctx.clock.now();
  const moved = await ctx.db.transaction(async (tx) => {
    const row = await lockReturn(tx, returnId);
    if (!row) return fail("not_found", `No return ${returnId}.`);
    if (canMove(row.status, to)) await releaseExchangeStock(tx, returnId, at);
    // The rejection email says what the shopper asked to send back and why it was refused.
    const lines = reason ? (await getReturn(tx, returnId))?.lines : undefined;
    const payload = {
      reason,
      lines: lines?.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity })),
    };
    return moveReturn(tx, row, to, {
      actor,
      at,
      ...(reason ? { changes: { rejectionReason: reason }, data: { reason }, payload } : {}),
    });
  });
  if (!moved.ok) return moved;
  return ok((await getReturn(ctx.db, returnId))!);
}
