// Owns shipments: their lines, labels bought from carriers, and carrier tracking (signed webhooks).
// Does not own orders or payments: it locks and updates an order only through the orders module.

export { applyTrackingUpdate, type TrackingResult, type TrackingUpdate } from "./apply-tracking-update.ts";
export type { CarrierProvider, Label, LabelRequest } from "./carrier.ts";
export { type CarrierWebhookOptions, carrierWebhookRoutes } from "./carrier-webhooks.routes.ts";
export type { CaptureOn, FulfillmentContext } from "./fulfillment-context.ts";
export { buyReturnLabel } from "./return-label.ts";
export { shipmentsAdminRoutes } from "./shipments.routes.ts";
export { getShippedUnits } from "./shipped-units.ts";
export { createTestCarrier, type TestCarrierOptions } from "./test-carrier.ts";
export { isValidS10, s10CheckDigit } from "./tracking-number.ts";
export { signCarrierWebhook } from "./webhook-signature.ts";
