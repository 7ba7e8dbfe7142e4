import { z } from "zod";
import { shipmentStatuses } from "./schema.ts";
import type { ShipmentView } from "./shipments.repository.ts";

export const shipmentSchema = z
  .object({
    id: z.string(),
    orderId: z.string(),
    status: z.enum(shipmentStatuses),
    carrier: z.string(),
    service: z.string().nullable(),
    trackingNumber: z.string().nullable(),
    trackingUrl: z.string().nullable(),
    hasLabel: z.boolean().describe("Download it from /admin/shipments/{id}/label.pdf."),
    lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
    createdAt: z.string(),
    labelledAt: z.string().nullable(),
    shippedAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: "Shipment" });

export function toShipmentJson(s: ShipmentView): z.input<typeof shipmentSchema> {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: s.id,
    orderId: s.orderId,
    status: s.status,
    carrier: s.carrier,
    service: s.service,
    trackingNumber: s.trackingNumber,
    trackingUrl: s.trackingUrl,
    hasLabel: s.hasLabel,
    lines: s.lines,
    createdAt: s.createdAt.toISOString(),
    labelledAt: iso(s.labelledAt),
    shippedAt: iso(s.shippedAt),
    deliveredAt: iso(s.deliveredAt),
  };
}

export const pickListSchema = z
  .object({
    orders: z.array(
      z.object({
        orderId: z.string(),
        number: z.string(),
        placedAt: z.string(),
        lines: z.array(
          z.object({
            sku: z.string(),
            title: z.string(),
            quantity: z.number().int().describe("Units still to ship."),
            ordered: z.number().int(),
            shipped: z.number().int().describe("Units already in shipments."),
            from: z
              .array(z.object({ locationId: z.string().nullable(), quantity: z.number().int() }))
              .describe(
                "Where to pick the units still to ship; `locationId` null: on backorder, not in stock yet.",
              ),
          }),
        ),
      }),
    ),
    totals: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
  })
  .meta({ id: "PickList" });
