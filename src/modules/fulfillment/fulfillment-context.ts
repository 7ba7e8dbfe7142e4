import type { PaymentsContext } from "../payments/index.ts";
import type { CarrierProvider } from "./carrier.ts";

/** When the payment is captured: at placement (today: the merchant captures) or at the first shipment. */
export type CaptureOn = "placement" | "fulfilment";

/** What the fulfillment use cases need; chosen in app/ from config. */
export interface FulfillmentContext extends PaymentsContext {
  carriers: Record<string, CarrierProvider>;
  captureOn: CaptureOn;
  /** The sender printed on labels. */
  shipFrom: { name: string; address: string[] };
}
