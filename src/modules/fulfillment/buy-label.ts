import { and, eq, isNull } from "drizzle-orm";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { getOrder } from "../orders/index.ts";
import type { FulfillmentContext } from "./fulfillment-context.ts";
import { shipments } from "./schema.ts";
import { getShipment, getShipmentRow, type ShipmentView } from "./shipments.repository.ts";

/**
 * Buys the shipment's label from its carrier and keeps it with the tracking number. The carrier
 * call runs with no transaction open; the write is conditional on there being no label yet, so
 * a retried or parallel purchase stores one label (carriers dedupe by the shipment id).
 * Idempotent: a shipment with a label returns unchanged.
 */
export async function buyLabel(ctx: FulfillmentContext, shipmentId: string): Promise<Result<ShipmentView>> {
  const row = await getShipmentRow(ctx.db, shipmentId);
  if (!row) return fail("not_found", `No shipment ${shipmentId}.`);
  if (row.labelPdf !== null) return ok((await getShipment(ctx.db, shipmentId))!);
  const carrier = ctx.carriers[row.carrier];
  if (!carrier) return fail("unsupported_carrier", `The carrier "${row.carrier}" is no longer configured.`);
  const order = await getOrder(ctx.db, row.orderId);
  if (!order) throw new Error(`order ${row.orderId} of shipment ${shipmentId} not found`);
  const view = (await getShipment(ctx.db, shipmentId))!;
  let label: Awaited<ReturnType<typeof carrier.createLabel>>;
  try {
    label = await carrier.createLabel({
      shipmentId,
      orderNumber: order.number,
      shipFrom: ctx.shipFrom,
      shipTo: order.shippingAddress,
      lines: view.lines,
    });
  } catch (err) {
    ctx.log.warn({ err, shipmentId, carrier: row.carrier }, "label purchase failed");
    return fail("carrier_unavailable", `The carrier ${row.carrier} did not issue a label; try again.`);
  }
  await ctx.db
    .update(shipments)
    .set({
      status: "labelled",
      service: label.service,
      trackingNumber: label.trackingNumber,
      trackingUrl: carrier.trackingUrl(label.trackingNumber),
      labelPdf: label.labelPdf.toString("base64"),
      labelledAt: ctx.clock.now(),
    })
    .where(and(eq(shipments.id, shipmentId), isNull(shipments.labelPdf), eq(shipments.status, "pending")));
  return ok((await getShipment(ctx.db, shipmentId))!);
}

/** The stored label PDF, or undefined when there is no such shipment or no label yet. */
export async function getLabelPdf(
  ctx: FulfillmentContext,
  shipmentId: string,
): Promise<{ pdf: Buffer; trackingNumber: string } | undefined> {
  const row = await getShipmentRow(ctx.db, shipmentId);
  if (!row?.labelPdf || !row.trackingNumber) return undefined;
  return { pdf: Buffer.from(row.labelPdf, "base64"), trackingNumber: row.trackingNumber };
}
