import { eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { lockOrderForFulfillment } from "../orders/index.ts";
import type { FulfillmentContext } from "./fulfillment-context.ts";
import { type ShipmentStatus, shipmentLines, shipments } from "./schema.ts";
import { getShipment, type ShipmentRow, type ShipmentView } from "./shipments.repository.ts";

/**
 * Marks a labelled shipment as handed to the carrier and writes `shipment.shipped` (the shipped
 * email hangs on it). Idempotent: a shipment already on its way returns unchanged, no new event.
 * Locks the order, then the shipment (the order every fulfillment write takes).
 */
export async function markShipped(
  ctx: FulfillmentContext,
  shipmentId: string,
): Promise<Result<ShipmentView>> {
  const at = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx) => {
    const [found] = await tx
      .select({ orderId: shipments.orderId })
      .from(shipments)
      .where(eq(shipments.id, shipmentId));
    if (!found) return fail<void>("not_found", `No shipment ${shipmentId}.`);
    await lockOrderForFulfillment(tx, found.orderId);
    const [row] = await tx.select().from(shipments).where(eq(shipments.id, shipmentId)).for("update");
    if (row!.status === "pending")
      return fail<void>("shipment_not_shippable", "Buy the shipment's label before marking it shipped.");
    if (row!.status === "labelled") await shipInTransaction(tx, row!, at);
    return ok(undefined);
  });
  return result.ok ? ok((await getShipment(ctx.db, shipmentId))!) : result;
}

/** Turns a labelled shipment (locked by the caller) shipped and writes `shipment.shipped`. */
export async function shipInTransaction(tx: Db, row: ShipmentRow, at: Date): Promise<void> {
  const status: ShipmentStatus = "shipped";
  await tx.update(shipments).set({ status, shippedAt: at }).where(eq(shipments.id, row.id));
  const lines = await tx
    .select({ sku: shipmentLines.sku, quantity: shipmentLines.quantity })
    .from(shipmentLines)
    .where(eq(shipmentLines.shipmentId, row.id));
  await recordEvents(tx, at, [
    {
      type: "shipment.shipped",
      aggregateId: row.id,
      payload: {
        shipmentId: row.id,
        orderId: row.orderId,
        carrier: row.carrier,
        service: row.service,
        trackingNumber: row.trackingNumber,
        trackingUrl: row.trackingUrl,
        lines,
      },
    },
  ]);
}
