import type { CarrierProvider } from "./carrier.ts";
import { renderLabelPdf } from "./label-pdf.ts";
import { s10TrackingNumber } from "./tracking-number.ts";

export interface TestCarrierOptions {
  /** ISO 3166-1 alpha-2 country the parcels leave from: the tracking number's suffix. */
  originCountry: string;
  trackingBaseUrl?: string;
}

/**
 * The built-in carrier: no network, labels in milliseconds. Tracking numbers look like a postal
 * service's (S10, with a check digit) and follow from the shipment id, so buying again returns
 * the same label. Tracking updates arrive through POST /webhooks/carriers/test.
 */
export function createTestCarrier(options: TestCarrierOptions): CarrierProvider {
  const base = options.trackingBaseUrl ?? "https://track.carrier.example/parcels/";
  return {
    name: "test",
    async createLabel(request) {
      const trackingNumber = s10TrackingNumber(request.shipmentId, "LT", options.originCountry);
      const service = "Test Parcel Standard";
      const labelPdf = await renderLabelPdf({
        carrier: "Cartwright Test Carrier",
        service,
        trackingNumber,
        request,
      });
      return { trackingNumber, labelPdf, carrier: "test", service };
    },
    trackingUrl: (trackingNumber) => `${base}${encodeURIComponent(trackingNumber)}`,
  };
}
