import type { OrderAddress } from "../orders/index.ts";
import type { Label } from "./carrier.ts";
import type { FulfillmentContext } from "./fulfillment-context.ts";

/**
 * Buys a return label: from the shopper's address back to the store (`shipFrom` of outbound
 * labels). Called with no transaction open; the carrier dedupes by `returnId`, so a retried
 * approval gets the same label. Throws when the carrier is unknown or issues no label.
 */
export async function buyReturnLabel(
  ctx: FulfillmentContext,
  input: {
    returnId: string;
    reference: string;
    from: OrderAddress;
    lines: { sku: string; quantity: number }[];
    carrier?: string | undefined;
  },
): Promise<Label & { trackingUrl: string }> {
  const name = input.carrier ?? "test";
  const carrier = ctx.carriers[name];
  if (!carrier) throw new Error(`carrier ${name} is not configured`);
  const from = input.from;
  const label = await carrier.createLabel({
    shipmentId: input.returnId,
    orderNumber: input.reference,
    shipFrom: {
      name: `${from.firstName} ${from.lastName}`,
      address: [
        from.line1,
        from.line2,
        [from.postalCode, from.city, from.region].filter(Boolean).join(" "),
        from.country,
      ].filter((l): l is string => Boolean(l)),
    },
    shipTo: { name: `${ctx.shipFrom.name} Returns`, address: ctx.shipFrom.address },
    lines: input.lines,
  });
  return { ...label, trackingUrl: carrier.trackingUrl(label.trackingNumber) };
}
