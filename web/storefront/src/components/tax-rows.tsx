import type { Money } from "../api/types.ts";
import type { TaxLine } from "../shown-amounts.ts";
import { Price } from "./price.tsx";

const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 3 });

/**
 * The tax, one row per tax and rate ("VAT 19 %", "GST 5 %", "HST 13 %"): added to the total where
 * prices exclude tax, "included" under the total where they include it. One row "Tax" until the
 * engine has said anything, so the summary does not jump.
 */
export function TaxRows({
  inclusive,
  breakdown,
  taxTotal,
  provisional = false,
}: {
  inclusive: boolean;
  breakdown: readonly TaxLine[];
  taxTotal: Money;
  provisional?: boolean;
}) {
  const lines = breakdown.filter((t) => t.amount.amount > 0);
  const rowClass = inclusive ? "totals__row totals__row--included" : "totals__row";
  const prefix = inclusive ? "Including " : "";
  const estimate = provisional ? " (estimated)" : "";
  if (lines.length <= 1)
    return (
      <div className={rowClass}>
        <dt>
          {prefix}
          {lines[0] ? `${lines[0].name} ${percent.format(lines[0].ratePpm / 1_000_000)}` : "Tax"}
          {estimate}
        </dt>
        <dd>
          <Price money={taxTotal} />
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
