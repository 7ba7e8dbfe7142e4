import type { ReturnStatus } from "../schema.ts";

/**
 * The return's life: requested → approved → received → refunded, or rejected by the merchant or
 * cancelled by the shopper before the goods arrived. Terminal states have no way out.
 */
const next: Record<ReturnStatus, readonly ReturnStatus[]> = {
  requested: ["approved", "rejected", "cancelled"],
  approved: ["received", "rejected", "cancelled"],
  received: ["refunded"],
  refunded: [],
  rejected: [],
  cancelled: [],
};

export function canMove(from: ReturnStatus, to: ReturnStatus): boolean {
  return next[from].includes(to);
}
