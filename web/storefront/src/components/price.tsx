import type { Money } from "../api/types.ts";
import { formatMoney } from "../money.ts";

/** A formatted amount; tabular figures keep columns steady as totals change. */
export function Price({ money, className }: { money: Money; className?: string }) {
  return <span className={`price${className ? ` ${className}` : ""}`}>{formatMoney(money)}</span>;
}
