import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import {
  captureOrderPayment,
  decideOrderMove,
  lockOrderForFulfillment,
  recordFulfillmentStatus,
} from "../orders/index.ts";
import type { FulfillmentContext } from "./fulfillment-context.ts";
import { shipmentLines, shipments } from "./schema.ts";
import {
  getShipment,
  listOrderShipments,
  orderedBySku,
  type ShipmentView,
  shippedBySku,
} from "./shipments.repository.ts";

export interface NewShipment {
  lines: { sku: string; quantity: number }[];
  carrier?: string | undefined;
}

export interface CreatedShipment {
  shipment: ShipmentView;
  /** What happened to the payment: captured now (CAPTURE_ON=fulfilment), left alone, or failed. */
  capture: "captured" | "not_needed" | "failed";
}

/**
 * Creates a shipment for some units of an order. Under the order's row lock it re-counts what is
 * already in shipments, so no SKU ever ships more than was ordered, also under parallel requests;
 * the same transaction moves the order's fulfillment status and writes `shipment.created`.
 * Then, with no transaction open, it captures the payment when the store captures at fulfilment
 * (a failed capture is reported and retried by the next shipment or by the merchant).
 */
export async function createShipment(
  ctx: FulfillmentContext,
  orderId: string,
  input: NewShipment,
  actor: string,
): Promise<Result<CreatedShipment>> {
  const carrier = input.carrier ?? "test";
  if (!ctx.carriers[carrier])
    return fail("unsupported_carrier", `No carrier "${carrier}" is configured.`, {
      meta: { carriers: Object.keys(ctx.carriers) },
    });
  const requested = orderedBySku(input.lines);
  const at = ctx.clock.now();
  const created = await ctx.db.transaction(async (tx) => {
    const order = await lockOrderForFulfillment(tx, orderId);
    if (!order) return fail<{ id: string; paymentStatus: string }>("not_found", `No order ${orderId}.`);
    const allowed = decideOrderMove(order, { kind: "ship" });
    if (!allowed.ok) return { ok: false as const, failure: allowed.failure };
    const ordered = orderedBySku(order.lines);
    const shipped = shippedBySku(await listOrderShipments(tx, [orderId]), orderId);
    for (const [sku, quantity] of requested) {
      if (!ordered.has(sku))
        return fail<{ id: string; paymentStatus: string }>(
          "sku_not_in_order",
          `Order ${order.number} has no ${sku}.`,
          {
            errors: [
              { field: "body.lines", code: "sku_not_in_order", message: `${sku} is not on the order` },
            ],
          },
        );
      const remaining = ordered.get(sku)! - (shipped.get(sku) ?? 0);
      if (quantity > remaining)
        return fail<{ id: string; paymentStatus: string }>(
          "quantity_exceeds_unfulfilled",
          `Only ${remaining} of ${sku} are left to ship on order ${order.number}; ${quantity} were asked for.`,
          { meta: { sku, remaining } },
        );
    }
    const id = newId("shp");
    await tx.insert(shipments).values({ id, orderId, status: "pending", carrier, createdAt: at });
    await tx
      .insert(shipmentLines)
      .values([...requested].map(([sku, quantity]) => ({ shipmentId: id, sku, quantity })));
    for (const [sku, quantity] of requested) shipped.set(sku, (shipped.get(sku) ?? 0) + quantity);
    const complete = [...ordered].every(([sku, quantity]) => (shipped.get(sku) ?? 0) >= quantity);
    await recordEvents(tx, at, [
      {
        type: "shipment.created",
        aggregateId: id,
        payload: {
          shipmentId: id,
          orderId,
          carrier,
          lines: [...requested].map(([sku, quantity]) => ({ sku, quantity })),
        },
      },
    ]);
    await recordFulfillmentStatus(tx, orderId, complete ? "fulfilled" : "partially_fulfilled", actor, at);
    return ok({ id, paymentStatus: order.paymentStatus });
  });
  if (!created.ok) return created;
  const shipment = (await getShipment(ctx.db, created.value.id))!;
  if (ctx.captureOn !== "fulfilment" || created.value.paymentStatus !== "authorized")
    return ok({ shipment, capture: "not_needed" });
  const captured = await captureOrderPayment(ctx, orderId, { actor });
  if (!captured.ok) {
    // A gift card paid everything: nothing to capture.
    if (captured.failure.code === "not_found") return ok({ shipment, capture: "not_needed" });
    ctx.log.warn(
      { orderId, code: captured.failure.code },
      "capture at fulfilment failed; capture again later",
    );
    return ok({ shipment, capture: "failed" });
  }
  return ok({ shipment, capture: "captured" });
}
