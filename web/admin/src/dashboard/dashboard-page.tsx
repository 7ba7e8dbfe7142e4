import { useMemo, useRef, useState } from "react";
import { api } from "../api/client.ts";
import type {
  AnalyticsFunnel,
  AnalyticsPaymentMethods,
  AnalyticsPeakHours,
  AnalyticsSummary,
} from "../api/types.ts";
import { Empty, LoadStates } from "../components/states.tsx";
import {
  countryName,
  formatDuration,
  formatInteger,
  formatMoney,
  formatPercent,
  humanize,
} from "../format.ts";
import { usePageTitle } from "../router.ts";
import { useResource } from "../use-resource.ts";
import { FunnelChart } from "./funnel-chart.tsx";
import { rankMethods } from "./method-colors.ts";
import { MethodSegments } from "./method-segments.tsx";
import { PeakHours } from "./peak-hours.tsx";
import { RecoveryCard } from "./recovery-card.tsx";
import { type Series, StackedBars } from "./time-chart.tsx";

const ranges = [
  { days: 7, label: "Last 7 days" },
  { days: 30, label: "Last 30 days" },
  { days: 60, label: "Last 60 days" },
  { days: 90, label: "Last 90 days" },
];

interface Metrics {
  summary: AnalyticsSummary;
  funnel: AnalyticsFunnel;
  methods: AnalyticsPaymentMethods;
  peak: AnalyticsPeakHours;
}

/** Checkout performance: completion, duration, gateway success, order value, funnel, methods, peak hours. */
export function DashboardPage() {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Dashboard", heading);
  const [days, setDays] = useState(30);
  const [currency, setCurrency] = useState("");
  const [country, setCountry] = useState("");
  const [device, setDevice] = useState("");
  const [customer, setCustomer] = useState("");
  const metrics = useResource(`${days}|${currency}|${country}|${device}|${customer}`, async (signal) => {
    const query = {
      from: new Date(Date.now() - days * 86_400_000).toISOString(),
      currency: currency || undefined,
      country: country || undefined,
      device: device || undefined,
      customer: customer || undefined,
    };
    const [summary, funnel, methods, peak] = await Promise.all([
      api<AnalyticsSummary>("/admin/analytics/summary", { signal, query }),
      api<AnalyticsFunnel>("/admin/analytics/funnel", { signal, query }),
      api<AnalyticsPaymentMethods>("/admin/analytics/payment-methods", { signal, query }),
      api<AnalyticsPeakHours>("/admin/analytics/peak-hours", { signal, query }),
    ]);
    return { summary, funnel, methods, peak } satisfies Metrics;
  });
  // Currencies seen in any range so far, so the filter keeps its options while narrowed.
  const [currencies, setCurrencies] = useState<string[]>([]);
  const seen = metrics.data?.summary.orderValue.map((v) => v.currency) ?? [];
  if (seen.some((c) => !currencies.includes(c))) setCurrencies([...new Set([...currencies, ...seen])].sort());
  // Countries too, from the segments' country rows.
  const [countries, setCountries] = useState<string[]>([]);
  const seenCountries =
    metrics.data?.methods.segments
      .filter((s) => s.dimension === "country" && s.segment !== "unknown")
      .map((s) => s.segment) ?? [];
  if (seenCountries.some((c) => !countries.includes(c)))
    setCountries([...new Set([...countries, ...seenCountries])].sort());

  const m = metrics.data;
  const ranked = useMemo(() => (m ? rankMethods(m.methods) : []), [m]);
  return (
    <section className="page" aria-labelledby="dashboard-heading">
      <div className="page__header">
        <h1 id="dashboard-heading" ref={heading} tabIndex={-1}>
          Dashboard
        </h1>
        <div className="toolbar">
          <div className="field field--inline">
            <label htmlFor="range">Period</label>
            <select id="range" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {ranges.map((r) => (
                <option key={r.days} value={r.days}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field field--inline">
            <label htmlFor="currency">Currency</label>
            <select id="currency" value={currency} onChange={(e) => setCurrency(e.target.value)}>
              <option value="">All</option>
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <div className="field field--inline">
            <label htmlFor="country">Country</label>
            <select id="country" value={country} onChange={(e) => setCountry(e.target.value)}>
              <option value="">All</option>
              {countries.map((c) => (
                <option key={c} value={c}>
                  {countryName(c)}
                </option>
              ))}
            </select>
          </div>
          <div className="field field--inline">
            <label htmlFor="device">Device</label>
            <select id="device" value={device} onChange={(e) => setDevice(e.target.value)}>
              <option value="">All</option>
              <option value="desktop">Desktop</option>
              <option value="mobile">Mobile</option>
              <option value="tablet">Tablet</option>
            </select>
          </div>
          <div className="field field--inline">
            <label htmlFor="customer">Customers</label>
            <select id="customer" value={customer} onChange={(e) => setCustomer(e.target.value)}>
              <option value="">All</option>
              <option value="new">New</option>
              <option value="returning">Returning</option>
            </select>
          </div>
        </div>
      </div>
      <LoadStates resource={metrics} label="Loading metrics…" />
      {m ? (
        <div className="dashboard" aria-busy={metrics.state === "loading"}>
          {m.summary.checkoutsStarted === 0 && m.summary.orders === 0 ? (
            <Empty title="No checkouts in this period.">
              <p>Metrics appear once shoppers start checking out. Try a longer period.</p>
            </Empty>
          ) : null}
          <Kpis summary={m.summary} />
          <div className="grid-2">
            <section className="card" aria-labelledby="funnel-heading">
              <h2 id="funnel-heading">Checkout funnel</h2>
              <p className="card__sub">
                Checkouts reaching each step, and the share lost before the next one.
              </p>
              <FunnelChart funnel={m.funnel} />
              <FailureReasons funnel={m.funnel} />
            </section>
            <PaymentMethods methods={m.methods} ranked={ranked} days={days} />
          </div>
          <section className="card" aria-labelledby="peak-heading">
            <h2 id="peak-heading">Peak hours</h2>
            <p className="card__sub">Orders by weekday and hour of the day.</p>
            <PeakHours peak={m.peak} />
          </section>
          {/* The segment table is the tallest card: the three short ones stack beside it. */}
          <div className="grid-2">
            <div className="stack">
              <Gateways summary={m.summary} />
              <OrderValue summary={m.summary} />
              <RecoveryCard summary={m.summary} />
            </div>
            <MethodSegments methods={m.methods} ranked={ranked} />
          </div>
        </div>
      ) : null}
    </section>
  );
}

function Kpis({ summary: s }: { summary: AnalyticsSummary }) {
  const attempts = s.gateways.reduce((n, g) => n + g.attempts, 0);
  const authorized = s.gateways.reduce((n, g) => n + g.authorized, 0);
  const aov = s.orderValue.length ? s.orderValue : [];
  return (
    <dl className="kpis">
      <div className="kpi">
        <dt>Checkout completion</dt>
        <dd className="kpi__value">{formatPercent(s.completionRate)}</dd>
        <dd className="kpi__sub">
          {formatInteger(s.orders)} orders of {formatInteger(s.checkoutsStarted)} checkouts started
        </dd>
      </div>
      <div className="kpi">
        <dt>Checkout duration</dt>
        <dd className="kpi__value">{formatDuration(s.checkoutDuration.medianSeconds)}</dd>
        <dd className="kpi__sub">median · average {formatDuration(s.checkoutDuration.averageSeconds)}</dd>
      </div>
      <div className="kpi">
        <dt>Payment success</dt>
        <dd className="kpi__value">{formatPercent(attempts ? authorized / attempts : null)}</dd>
        <dd className="kpi__sub">
          {formatInteger(authorized)} of {formatInteger(attempts)} payment attempts authorized
        </dd>
      </div>
      <div className="kpi">
        <dt>Average order value</dt>
        {aov.length === 0 ? <dd className="kpi__value">–</dd> : null}
        {aov.map((v, i) => (
          <dd key={v.currency} className={i === 0 ? "kpi__value" : "kpi__value kpi__value--small"}>
            {formatMoney(v.average, v.currency)}
          </dd>
        ))}
        <dd className="kpi__sub">{aov.length > 1 ? "per currency" : "per order"}</dd>
      </div>
    </dl>
  );
}

function FailureReasons({ funnel }: { funnel: AnalyticsFunnel }) {
  if (funnel.reasons.length === 0) return null;
  return (
    <>
      <h3>Why checkouts failed</h3>
      <ul className="reasons">
        {funnel.reasons.slice(0, 5).map((r) => (
          <li key={`${r.code}-${r.reason ?? ""}`}>
            <span>
              {humanize(r.code)}
              {r.reason ? <span className="cell-sub">{humanize(r.reason)}</span> : null}
            </span>
            <span className="reasons__count">{formatInteger(r.count)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The last `count` UTC dates, oldest first, as YYYY-MM-DD. */
function lastDays(count: number): string[] {
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  return Array.from({ length: count }, (_, i) =>
    new Date(today - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  );
}

function PaymentMethods({
  methods,
  ranked,
  days: range,
}: {
  methods: AnalyticsPaymentMethods;
  ranked: ReturnType<typeof rankMethods>;
  days: number;
}) {
  const { series, days } = useMemo(() => {
    // Days without orders are missing from the answer; the chart shows them as zero.
    const days = lastDays(range);
    const byDate = new Map(methods.days.map((d) => [d.date.slice(0, 10), d]));
    const series: Series[] = ranked.map(({ method, color }) => ({
      label: humanize(method),
      color,
      values: days.map((date) => byDate.get(date)?.methods.find((m) => m.method === method)?.orders ?? 0),
    }));
    return { series, days };
  }, [methods, ranked, range]);
  const all = ranked.reduce((n, r) => n + r.orders, 0);
  return (
    <section className="card" aria-labelledby="methods-heading">
      <h2 id="methods-heading">Payment methods</h2>
      <p className="card__sub">Share of orders by payment method, and orders per day.</p>
      {all === 0 ? (
        <p className="muted">No orders in this period.</p>
      ) : (
        <>
          <div className="share-bar" aria-hidden="true">
            {ranked.map(({ method, orders, color }) => (
              <span
                key={method}
                style={{ width: `${(orders / all) * 100}%`, background: color }}
                title={`${humanize(method)}: ${formatPercent(orders / all)}`}
              />
            ))}
          </div>
          <ul className="legend">
            {ranked.map(({ method, orders, color }) => (
              <li key={method}>
                <span className="legend__swatch" style={{ background: color }} aria-hidden="true" />
                {humanize(method)} <strong>{formatPercent(orders / all)}</strong>{" "}
                <span className="muted">({formatInteger(orders)})</span>
              </li>
            ))}
          </ul>
          <figure className="chart-figure">
            <StackedBars days={days} series={series} />
            <figcaption className="chart-caption">Orders per day, by payment method (UTC days)</figcaption>
          </figure>
        </>
      )}
    </section>
  );
}

function Gateways({ summary }: { summary: AnalyticsSummary }) {
  return (
    <section className="card" aria-labelledby="gateways-heading">
      <h2 id="gateways-heading">Gateway success</h2>
      {summary.gateways.length === 0 ? (
        <p className="muted">No payment attempts in this period.</p>
      ) : (
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">Gateway</th>
              <th scope="col" className="num">
                Attempts
              </th>
              <th scope="col" className="num">
                Success
              </th>
              <th scope="col">Top declines</th>
            </tr>
          </thead>
          <tbody>
            {summary.gateways.map((g) => (
              <tr key={`${g.provider}-${g.method}`}>
                <th scope="row">
                  {humanize(g.provider)} <span className="cell-sub">{g.method}</span>
                </th>
                <td className="num">{formatInteger(g.attempts)}</td>
                <td className="num">{formatPercent(g.successRatio)}</td>
                <td>
                  {g.declineReasons.length === 0
                    ? "–"
                    : g.declineReasons
                        .slice(0, 3)
                        .map((r) => `${humanize(r.reason)} (${formatInteger(r.count)})`)
                        .join(", ")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function OrderValue({ summary }: { summary: AnalyticsSummary }) {
  const p = summary.promotions;
  const discounts = p.discounts.filter((d) => d.amount > 0);
  return (
    <section className="card" aria-labelledby="value-heading">
      <h2 id="value-heading">Revenue and promotions</h2>
      {summary.orderValue.length === 0 ? (
        <p className="muted">No orders in this period.</p>
      ) : (
        <table className="table table--compact">
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col" className="num">
                Orders
              </th>
              <th scope="col" className="num">
                Revenue
              </th>
              <th scope="col" className="num">
                Average
              </th>
            </tr>
          </thead>
          <tbody>
            {summary.orderValue.map((v) => (
              <tr key={v.currency}>
                <th scope="row">{v.currency}</th>
                <td className="num">{formatInteger(v.orders)}</td>
                <td className="num">{formatMoney(v.revenue, v.currency)}</td>
                <td className="num">{formatMoney(v.average, v.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Promotion codes</h3>
      <p>
        {formatInteger(p.ordersWithPromotion)} {p.ordersWithPromotion === 1 ? "order" : "orders"} used a
        promotion
        {discounts.length
          ? `, ${discounts.map((d) => formatMoney(d.amount, d.currency)).join(" and ")} off in total`
          : ""}
        .
      </p>
      {p.codes.length ? (
        <ul className="reasons">
          {p.codes.slice(0, 5).map((c) => (
            <li key={c.code}>
              <code>{c.code}</code>
              <span className="reasons__count">
                {formatInteger(c.orders)} {c.orders === 1 ? "order" : "orders"}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
