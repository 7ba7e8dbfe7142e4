import type { Cart } from "../api/types.ts";
import { describeIssue } from "./cart-issue-text.ts";

export function CartIssues({ cart }: { cart: Cart }) {
  if (cart.issues.length === 0) return null;
  return (
    <ul className="notice notice--warning issues">
      {cart.issues.map((issue) => (
        <li key={`${issue.code}-${issue.lineId ?? issue.shippingMethodId ?? ""}`}>
          {describeIssue(issue, cart)}
        </li>
      ))}
    </ul>
  );
}
