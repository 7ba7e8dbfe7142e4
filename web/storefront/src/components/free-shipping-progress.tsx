import type { Cart } from "../api/types.ts";
import { formatMoney } from "../money.ts";

/**
 * "Add $76.00 more for free Standard shipping", with a bar. The numbers come from the cart
 * (after discounts, for the address or the store's country); nothing shows when no method ships free.
 */
export function FreeShippingProgress({ cart }: { cart: Cart }) {
  const progress = cart.freeShipping;
  if (!progress) return null;
  const { threshold, amountLeft, method } = progress;
  const reached = amountLeft.amount === 0;
  const done = threshold.amount === 0 ? 1 : (threshold.amount - amountLeft.amount) / threshold.amount;
  return (
    <div className="free-shipping">
      <p className="free-shipping__text" aria-live="polite">
        {reached
          ? `Your order ships free with ${method.name}.`
          : `Add ${formatMoney(amountLeft)} more for free ${method.name} shipping.`}
      </p>
      <progress
        className="free-shipping__bar"
        max={threshold.amount}
        value={threshold.amount - amountLeft.amount}
        aria-label={`${Math.round(done * 100)} % of the way to free shipping`}
      />
    </div>
  );
}
