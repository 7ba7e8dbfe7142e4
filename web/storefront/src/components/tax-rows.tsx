import type { Cart } from "../api/types.ts";
import { Price } from "../components/price.tsx";

const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 3 });

/**
 * The tax, one row per tax and rate ("VAT 19 %", "GST 5 %", "HST 13 %"): added to the total where
 * prices exclude tax, "included" under the total where they include it. One row "Tax" until the
 * engine has said anything, so the summary does not jump.
 */
export function TaxRows({ cart }: { cart: Cart }) {
  const inclusive = cart.pricesIncludeTax;
  const lines = cart.tax.breakdown.filter((t) => t.amount.amount > 0);
  const rowClass = inclusive ? "totals__row totals__row--included" : "totals__row";
  const prefix = inclusive ? "Including " : "";
  const estimate = cart.tax.provisional ? " (estimated)" : "";
  if (lines.length <= 1)
    return (
      <div className={rowClass}>
        <dt>
          {prefix}
          {lines[0] ? `${lines[0].name} ${percent.format(lines[0].ratePpm / 1_000_000)}` : "Tax"}
          {estimate}
        </dt>
        <dd>
          <Price money={cart.totals.taxTotal} />
        </dd>
      </div>
    );
  return (
    <>
      {lines.map((t) => (
        <div key={`${t.jurisdiction}-${t.name}-${t.ratePpm}`} className={rowClass}>
          <dt>
            {prefix}
            {t.name} {percent.format(t.ratePpm / 1_000_000)}
            <span className="muted"> · {t.jurisdiction}</span>
            {estimate}
          </dt>
          <dd>
            <Price money={t.amount} />
          </dd>
        </div>
      ))}
    </>
  );
}
