import type { OrderAddress } from "../orders/index.ts";

/** What a carrier needs to sell a label for one parcel. */
export interface LabelRequest {
  /** Stable per shipment: a carrier that dedupes by it sells one label however often we ask. */
  shipmentId: string;
  orderNumber: string;
  shipFrom: { name: string; address: string[] };
  /** The shopper's address; for a return label, the store's (a name and printed lines). */
  shipTo: OrderAddress | { name: string; address: string[] };
  lines: { sku: string; quantity: number }[];
}

export interface Label {
  trackingNumber: string;
  labelPdf: Buffer;
  carrier: string;
  service: string;
}

/**
 * A carrier (postal service, courier). `createLabel` is called from the Admin API when the
 * merchant buys a label, never inside a database transaction; a real carrier may take seconds
 * and charge for each label, so it should dedupe by `shipmentId`. Throwing means "no label".
 */
export interface CarrierProvider {
  readonly name: string;
  createLabel(request: LabelRequest): Promise<Label>;
  /** The public page where the shopper follows the parcel. */
  trackingUrl(trackingNumber: string): string;
}
