import { and, eq } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import type { TrackingResult, TrackingUpdate } from "../fulfillment/index.ts";
import { appendOrderTimeline } from "../orders/index.ts";
import { lockReturn } from "./returns.repository.ts";
import { returns } from "./schema.ts";

/** How far along the way to the warehouse each status is; an exception is a detour, not a step. */
const progress = { exception: 1, in_transit: 2, out_for_delivery: 3, delivered: 4 } as const;

/**
 * Applies a carrier tracking event to the return whose label carries its tracking number: the
 * carrier webhook hands over what is not an outbound shipment. Under the return's row lock the
 * parcel only moves forward (a later scan, a step ahead; `delivered` is final); a repeat of the
 * last applied scan is `duplicate`, anything else behind it `stale`. Tracking never changes the
 * return's status (the merchant receives the goods after inspecting them). Writes an order
 * timeline entry and `return.tracking_updated` in the same transaction.
 */
export async function trackReturnParcel(ctx: Context, update: TrackingUpdate): Promise<TrackingResult> {
  const [found] = await ctx.db
    .select({ id: returns.id })
    .from(returns)
    .where(and(eq(returns.carrier, update.carrier), eq(returns.trackingNumber, update.trackingNumber)));
  if (!found) return "unknown_shipment";
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const row = (await lockReturn(tx, found.id))!;
    if (row.trackingStatus === update.status && row.trackingAt?.getTime() === update.occurredAt.getTime())
      return "duplicate";
    const forward =
      row.trackingStatus !== "delivered" &&
      (!row.trackingAt || update.occurredAt > row.trackingAt) &&
      (!row.trackingStatus || progress[update.status] >= progress[row.trackingStatus]);
    if (!forward) return "stale";
    await tx
      .update(returns)
      .set({ trackingStatus: update.status, trackingAt: update.occurredAt, updatedAt: at })
      .where(eq(returns.id, row.id));
    const data = { returnId: row.id, number: row.number, status: update.status };
    await appendOrderTimeline(tx, row.orderId, { type: "return_parcel_tracked", actor: "carrier", data }, at);
    await recordEvents(tx, at, [
      {
        type: "return.tracking_updated",
        aggregateId: row.id,
        payload: {
          returnId: row.id,
          returnNumber: row.number,
          orderId: row.orderId,
          orderNumber: row.orderNumber,
          status: update.status,
          occurredAt: update.occurredAt.toISOString(),
        },
      },
    ]);
    return "applied";
  });
}
