import type { AnalyticsSummary, Money } from "../api/types.ts";
import { formatInteger, formatPercent, money } from "../format.ts";

const amounts = (list: Money[]): string => (list.length === 0 ? "–" : list.map(money).join(" · "));

/**
 * Abandoned carts of the period (idle with an email and items), the reminders sent for them and
 * what came back: carts recovered and the revenue of their orders, per currency.
 */
export function RecoveryCard({ summary }: { summary: AnalyticsSummary }) {
  const r = summary.recovery;
  return (
    <section className="card" aria-labelledby="recovery-heading">
      <h2 id="recovery-heading">Abandoned carts</h2>
      <p className="card__sub">Carts left with an email and items, the reminders sent, and what came back.</p>
      {r.abandonedCarts === 0 ? (
        <p className="muted">No abandoned carts in this period.</p>
      ) : (
        <dl className="figures">
          <div>
            <dt>Abandoned carts</dt>
            <dd className="figures__value">{formatInteger(r.abandonedCarts)}</dd>
            <dd className="figures__sub">{amounts(r.abandonedValue)} left in carts</dd>
          </div>
          <div>
            <dt>Reminded</dt>
            <dd className="figures__value">{formatInteger(r.remindedCarts)}</dd>
            <dd className="figures__sub">
              {formatInteger(r.remindersSent)} {r.remindersSent === 1 ? "email" : "emails"} sent
            </dd>
          </div>
          <div>
            <dt>Recovered</dt>
            <dd className="figures__value">{formatInteger(r.recoveredCarts)}</dd>
            <dd className="figures__sub">{formatPercent(r.conversionRate)} of reminded carts</dd>
          </div>
          <div>
            <dt>Recovered revenue</dt>
            <dd className="figures__value figures__value--money">{amounts(r.recoveredRevenue)}</dd>
            <dd className="figures__sub">orders from reminded carts</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
