import type { FulfillmentContext } from "../fulfillment/index.ts";
import type { StoreProfile } from "../notifications/index.ts";

/** What the returns use cases need: payments (refunds), carriers (labels) and the store (documents). */
export interface ReturnsContext extends FulfillmentContext {
  store: StoreProfile;
  /** Replacement orders of exchanges are numbered like checkout's. */
  orderNumberPrefix: string;
}
