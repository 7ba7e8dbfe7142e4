import type { Cart, CartIssue } from "../api/types.ts";
import { formatExpected } from "../expected-date.ts";
import { formatMoney } from "../money.ts";

/** A sentence per issue, naming the product: the cart tells the truth, and so must the page. */
export function describeIssue(issue: CartIssue, cart: Cart): string {
  const titleOf = (lineId?: string, sku?: string) =>
    cart.lines.find((l) => l.id === lineId)?.title ?? sku ?? "An item";
  switch (issue.code) {
    case "unavailable":
      return `${titleOf(issue.lineId, issue.sku)} is no longer available. Remove it to continue.`;
    case "insufficient_stock": {
      const available = issue.available ?? 0;
      return available > 0
        ? `Only ${available} of ${titleOf(issue.lineId, issue.sku)} left. Lower the quantity to continue.`
        : `${titleOf(issue.lineId, issue.sku)} is sold out. Remove it to continue.`;
    }
    case "backordered": {
      const n = issue.quantity ?? 0;
      const date = formatExpected(issue.expectedOn);
      return `${n} of ${titleOf(issue.lineId, issue.sku)} ${n === 1 ? "is" : "are"} on backorder and will ship when stock arrives${date ? `, expected ${date}` : ""}.`;
    }
    case "price_changed": {
      const title = titleOf(issue.lineId, issue.sku);
      if (!issue.previous || !issue.current) return `The price of ${title} changed. Please review it.`;
      const went = issue.current.amount < issue.previous.amount ? "went down" : "went up";
      return `The price of ${title} ${went} from ${formatMoney(issue.previous)} to ${formatMoney(issue.current)}.`;
    }
    case "shipping_method_unavailable":
      return "Your shipping method is not available for this address any more. Choose another.";
    default:
      return "Something in your cart changed. Please review it.";
  }
}
