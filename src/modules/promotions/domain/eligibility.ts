import type { CartSnapshot, RejectionReason } from "./cart-snapshot.ts";
import { reachedTier } from "./line-discounts.ts";
import type { Promotion } from "./promotion-rules.ts";

/** How often a promotion was used so far, read when the cart is priced (enforced at placement). */
export interface UsageSoFar {
  total: number;
  byCustomer: number;
}

/**
 * Why `promotion` cannot apply to `cart` at all, independent of other promotions, or undefined.
 * Checked in the order a shopper can act on: time, currency, who they are, how much they buy,
 * and last whether uses are left (so "spend 20 more" is said before "sold out").
 */
export function whyIneligible(
  promotion: Promotion,
  cart: CartSnapshot,
  usage: UsageSoFar,
): RejectionReason | undefined {
  const { conditions, effect } = promotion.rules;
  const { currency } = cart;
  const now = cart.now.getTime();
  if (promotion.startsAt && now < promotion.startsAt.getTime()) return "not_started";
  if (promotion.endsAt && now >= promotion.endsAt.getTime()) return "expired";
  if (conditions.currencies && !conditions.currencies.includes(currency)) return "currency_mismatch";
  if (!hasAmountsFor(promotion, currency)) return "currency_mismatch";
  if (conditions.customerGroups) {
    const group = cart.customer.group;
    if (group === undefined || !conditions.customerGroups.includes(group)) return "customer_not_eligible";
  }
  if (conditions.firstOrderOnly && !cart.customer.isFirstOrder) return "customer_not_eligible";
  const minimum = conditions.minimumSubtotal?.[currency];
  if (minimum !== undefined && cart.subtotal < minimum) return "minimum_not_met";
  if (effect.kind === "tiered" && !reachedTier(effect, cart)) return "minimum_not_met";
  if (promotion.usageLimit !== null && usage.total >= promotion.usageLimit) return "usage_limit_reached";
  if (promotion.perCustomerLimit !== null && usage.byCustomer >= promotion.perCustomerLimit)
    return "usage_limit_reached";
  return undefined;
}

/**
 * A fixed amount, a threshold or a tier stated in other currencies says nothing about this one:
 * converting would invent a price the merchant never set, so the promotion does not apply.
 */
function hasAmountsFor(promotion: Promotion, currency: string): boolean {
  const { conditions, effect } = promotion.rules;
  if (conditions.minimumSubtotal && conditions.minimumSubtotal[currency] === undefined) return false;
  switch (effect.kind) {
    case "order_fixed":
      return effect.amounts[currency] !== undefined;
    case "items_fixed":
      return effect.amountsPerUnit[currency] !== undefined;
    case "tiered":
      return effect.tiers[currency] !== undefined;
    default:
      return true;
  }
}
