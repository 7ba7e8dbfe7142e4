import { fail, ok, type Result } from "../../shared/failure.ts";
import { buyReturnLabel } from "../fulfillment/index.ts";
import { getOrder } from "../orders/index.ts";
import { canMove } from "./domain/return-status.ts";
import { getReturn, lockReturn, type ReturnView } from "./returns.repository.ts";
import type { ReturnsContext } from "./returns-context.ts";
import { invalidTransition, moveReturn } from "./transition.ts";

/**
 * Approves a requested return and issues its return label. The carrier is called first, with no
 * transaction open (it dedupes by the return id, so a retry gets the same label); then, under the
 * return's row lock, the return becomes approved with the label, and `return.approved` is written.
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
  const moved = await ctx.db.transaction(async (tx) => {
    const row = await lockReturn(tx, returnId);
    if (!row) return fail("not_found", `No return ${returnId}.`);
    return moveReturn(tx, row, "approved", {
      actor: input.actor,
      at,
      changes: {
        carrier: label.carrier,
        trackingNumber: label.trackingNumber,
        trackingUrl: label.trackingUrl,
        labelPdf: label.labelPdf.toString("base64"),
      },
      data: { carrier: label.carrier, trackingNumber: label.trackingNumber },
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
