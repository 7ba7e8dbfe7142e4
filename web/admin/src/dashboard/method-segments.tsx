import type { AnalyticsPaymentMethods } from "../api/types.ts";
import { countryName, formatInteger, formatPercent, humanize } from "../format.ts";
import type { RankedMethod } from "./method-colors.ts";

const dimensions = [
  { dimension: "customer", label: "Customers" },
  { dimension: "device", label: "Devices" },
  { dimension: "country", label: "Countries" },
] as const;

/** Countries beyond this many (by orders) are left out; the card says so. */
const topCountries = 4;

const segmentLabel = (dimension: string, segment: string): string => {
  if (segment === "unknown") return dimension === "customer" ? "Email unknown" : "Not reported";
  if (dimension === "country") return countryName(segment);
  if (dimension === "customer") return segment === "new" ? "New customers" : "Returning customers";
  return humanize(segment);
};

/**
 * Payment method share per customer segment (new or returning, device, shipping country): a
 * proportional bar per segment, with every share stated in text beside it for screen readers.
 */
export function MethodSegments({
  methods,
  ranked,
}: {
  methods: AnalyticsPaymentMethods;
  ranked: RankedMethod[];
}) {
  // Bars and text follow the dashboard's overall ranking, so a colour sits in the same place in every row.
  const rank = new Map(ranked.map((r, i) => [r.method, i]));
  const color = new Map(ranked.map((r) => [r.method, r.color]));
  const byRank = (a: { method: string }, b: { method: string }) =>
    (rank.get(a.method) ?? ranked.length) - (rank.get(b.method) ?? ranked.length) ||
    a.method.localeCompare(b.method);
  return (
    <section className="card" aria-labelledby="segments-heading">
      <h2 id="segments-heading">Payment methods by segment</h2>
      <p className="card__sub">Which customers pay how: each row's shares add up to 100%.</p>
      {methods.segments.length === 0 ? (
        <p className="muted">No orders in this period.</p>
      ) : (
        <table className="table table--compact segments">
          <caption className="visually-hidden">Payment method share per customer segment</caption>
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col" className="num">
                Orders
              </th>
              <th scope="col">Payment methods</th>
            </tr>
          </thead>
          {dimensions.map(({ dimension, label }) => {
            const all = methods.segments.filter((s) => s.dimension === dimension);
            const rows = dimension === "country" ? all.slice(0, topCountries) : all;
            if (rows.length === 0) return null;
            return (
              <tbody key={dimension}>
                <tr>
                  <th scope="colgroup" colSpan={3} className="segments__group">
                    {label}
                    {all.length > rows.length ? (
                      <span className="cell-sub segments__more">
                        top {rows.length} of {all.length}
                      </span>
                    ) : null}
                  </th>
                </tr>
                {rows.map((s) => (
                  <tr key={s.segment}>
                    <th scope="row" className="nowrap">
                      {segmentLabel(dimension, s.segment)}
                    </th>
                    <td className="num">{formatInteger(s.orders)}</td>
                    <td>
                      <div className="share-bar share-bar--thin" aria-hidden="true">
                        {[...s.methods].sort(byRank).map((m) => (
                          <span
                            key={m.method}
                            style={{ width: `${m.share * 100}%`, background: color.get(m.method) }}
                          />
                        ))}
                      </div>
                      <span className="segments__shares">
                        {[...s.methods]
                          .sort(byRank)
                          .map((m) => `${humanize(m.method)} ${formatPercent(m.share)}`)
                          .join(" · ")}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            );
          })}
        </table>
      )}
    </section>
  );
}
