import { and, eq } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { lockOrderForFulfillment, recordFulfillmentStatus } from "../orders/index.ts";
import { shipInTransaction } from "./mark-shipped.ts";
import { carrierEvents, type ShipmentStatus, shipments } from "./schema.ts";
import { listOrderShipments, type ShipmentRow } from "./shipments.repository.ts";

export type TrackingStatus = "in_transit" | "out_for_delivery" | "delivered" | "exception";

export interface TrackingUpdate {
  carrier: string;
  /** The carrier's id of this event: the dedup key. */
  eventId: string;
  trackingNumber: string;
  status: TrackingStatus;
  /** When the carrier scanned it; deliveries may arrive in another order. */
  occurredAt: Date;
}

export type TrackingResult = "applied" | "duplicate" | "stale" | "unknown_shipment";

/** How far along the way each status is; an exception is a detour, not a step. */
const progress: Record<ShipmentStatus, number> = {
  pending: 0,
  labelled: 0,
  shipped: 1,
  exception: 1,
  in_transit: 2,
  out_for_delivery: 3,
  delivered: 4,
};

/**
 * Applies one carrier tracking event, once per event id (G9). Under the order's and the
 * shipment's row locks it decides: `delivered` is terminal; an event older than the last applied
 * one, or a step behind the current one, is recorded but changes nothing (never backwards).
 * A first scan of a labelled parcel also marks it shipped. The last delivered shipment of a
 * fulfilled order turns the order delivered. Events written in the same transaction.
 */
export async function applyTrackingUpdate(ctx: Context, update: TrackingUpdate): Promise<TrackingResult> {
  const [found] = await ctx.db
    .select({ id: shipments.id, orderId: shipments.orderId })
    .from(shipments)
    .where(and(eq(shipments.carrier, update.carrier), eq(shipments.trackingNumber, update.trackingNumber)));
  if (!found) return "unknown_shipment";
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const order = await lockOrderForFulfillment(tx, found.orderId);
    const [row] = await tx.select().from(shipments).where(eq(shipments.id, found.id)).for("update");
    const applies = isForward(row!, update);
    const [recorded] = await tx
      .insert(carrierEvents)
      .values({
        carrier: update.carrier,
        eventId: update.eventId,
        shipmentId: row!.id,
        status: update.status,
        occurredAt: update.occurredAt,
        receivedAt: at,
        applied: applies,
      })
      .onConflictDoNothing()
      .returning({ eventId: carrierEvents.eventId });
    if (!recorded) return "duplicate";
    if (!applies) return "stale";
    if (row!.status === "labelled") await shipInTransaction(tx, row!, at);
    const delivered = update.status === "delivered";
    await tx
      .update(shipments)
      .set({
        status: update.status,
        trackedAt: update.occurredAt,
        ...(delivered ? { deliveredAt: update.occurredAt } : {}),
      })
      .where(eq(shipments.id, row!.id));
    if (delivered) {
      await recordEvents(tx, at, [
        {
          type: "shipment.delivered",
          aggregateId: row!.id,
          payload: {
            shipmentId: row!.id,
            orderId: row!.orderId,
            carrier: row!.carrier,
            trackingNumber: row!.trackingNumber,
            trackingUrl: row!.trackingUrl,
            deliveredAt: update.occurredAt.toISOString(),
          },
        },
      ]);
      if (order?.fulfillmentStatus === "fulfilled") await markOrderDeliveredWhenAll(tx, row!.orderId, at);
    }
    return "applied";
  });
}

function isForward(row: ShipmentRow, update: TrackingUpdate): boolean {
  if (row.status === "delivered" || row.status === "pending") return false;
  if (row.trackedAt && update.occurredAt.getTime() <= row.trackedAt.getTime()) return false;
  if (update.status === "exception" || row.status === "exception") return true;
  return progress[update.status] > progress[row.status];
}

async function markOrderDeliveredWhenAll(tx: Db, orderId: string, at: Date): Promise<void> {
  const all = await listOrderShipments(tx, [orderId]);
  if (all.every((s) => s.status === "delivered"))
    await recordFulfillmentStatus(tx, orderId, "delivered", "carrier", at);
}
