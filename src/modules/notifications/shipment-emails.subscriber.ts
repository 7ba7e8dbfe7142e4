import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import { consumeOnce } from "../../shared/outbox/consume-once.ts";
import type { EventSubscriber, PublishedEvent } from "../../shared/outbox/subscriber.ts";
import { getOrder } from "../orders/index.ts";
import { enqueueEmail } from "./emails.repository.ts";
import { renderShipmentDelivered, renderShipmentShipped, type ShipmentFacts } from "./shipment-emails.ts";
import type { StoreProfile } from "./store-profile.ts";

const name = "shipment-emails";

/**
 * Reacts to `shipment.shipped` and `shipment.delivered` by queueing the shipped or delivered
 * email, once per event (consumeOnce) and once per shipment and kind (the emails unique index).
 * The event carries the tracking facts, so nothing here reads the fulfillment module.
 */
export function shipmentEmailsSubscriber(
  ctx: Context & { store: StoreProfile; onQueued?: () => void },
): EventSubscriber {
  return {
    name,
    types: ["shipment.shipped", "shipment.delivered"],
    async handle(event: PublishedEvent) {
      const result = await consumeOnce(ctx.db, ctx.clock, name, event.id, (tx) =>
        queueShipmentEmail(tx, event, ctx.store, ctx.clock.now()),
      );
      if (result.consumed && result.value) ctx.onQueued?.();
    },
  };
}

async function queueShipmentEmail(
  tx: Db,
  event: PublishedEvent,
  store: StoreProfile,
  at: Date,
): Promise<string | undefined> {
  const p = event.payload;
  const orderId = String(p.orderId);
  const order = await getOrder(tx, orderId);
  // Thrown, not skipped: the event is retried rather than the email silently lost.
  if (!order) throw new Error(`order ${orderId} of event ${event.id} not found`);
  const parcel: ShipmentFacts = {
    shipmentId: String(p.shipmentId ?? event.aggregateId),
    carrier: String(p.carrier),
    service: typeof p.service === "string" ? p.service : null,
    trackingNumber: typeof p.trackingNumber === "string" ? p.trackingNumber : null,
    trackingUrl: typeof p.trackingUrl === "string" ? p.trackingUrl : null,
    lines: Array.isArray(p.lines) ? (p.lines as ShipmentFacts["lines"]) : [],
    deliveredAt: typeof p.deliveredAt === "string" ? p.deliveredAt : undefined,
  };
  const shipped = event.type === "shipment.shipped";
  const email = shipped
    ? renderShipmentShipped(order, parcel, store)
    : renderShipmentDelivered(order, parcel, store);
  return enqueueEmail(
    tx,
    {
      kind: shipped ? "shipment_shipped" : "shipment_delivered",
      orderId: order.id,
      shipmentId: parcel.shipmentId,
      recipient: order.email,
      ...email,
    },
    at,
  );
}
