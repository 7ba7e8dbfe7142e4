/** What the engine needs to know about a cart; the cart module builds it from its priced lines. */
export interface CartSnapshot {
  currency: string;
  lines: readonly SnapshotLine[];
  /** Σ unitPrice × quantity, before any discount. */
  subtotal: number;
  /** The chosen shipping method's amount, 0 while none is chosen. */
  shipping: number;
  customer: CustomerFacts;
  now: Date;
}

export interface SnapshotLine {
  id: string;
  sku: string;
  productId: string;
  categoryIds?: readonly string[] | undefined;
  unitPrice: number;
  quantity: number;
}

export interface CustomerFacts {
  id?: string | undefined;
  group?: string | undefined;
  isFirstOrder: boolean;
}

/** Why an entered code does not apply; stable strings the storefront can translate. */
export type RejectionReason =
  | "not_found"
  | "expired"
  | "not_started"
  | "minimum_not_met"
  | "currency_mismatch"
  | "customer_not_eligible"
  | "usage_limit_reached"
  | "not_combinable"
  | "not_applicable"
  | "duplicate";
