import { type FormEvent, useRef, useState } from "react";
import { api } from "../api/client.ts";
import { type OrderPage, orderStates } from "../api/types.ts";
import { Link } from "../components/link.tsx";
import { Badge, Empty, ErrorNotice, Loading } from "../components/states.tsx";
import { formatDateTime, humanize, money } from "../format.ts";
import { navigate, usePageTitle } from "../router.ts";
import { useResource } from "../use-resource.ts";

const pageSize = 20;

const filterNames = ["q", "state", "paymentStatus", "fulfillmentStatus", "from", "to"] as const;
type Filters = Record<(typeof filterNames)[number], string>;

function filtersOf(search: string): Filters {
  const params = new URLSearchParams(search);
  return Object.fromEntries(filterNames.map((n) => [n, params.get(n) ?? ""])) as Filters;
}

/** A day typed in the date field (local midnight) as an ISO instant; `to` is inclusive, so it ends a day later. */
function dayStart(day: string, plusDays = 0): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays).toISOString();
}

/** Orders, newest first: search by number or email, filters in the URL (shareable), keyset paging. */
export function OrdersPage({ search }: { search: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Orders", heading);
  const filters = filtersOf(search);
  // Cursors of the pages before this one, so "Newer" can go back.
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const orders = useResource(`${search}|${cursor ?? ""}`, (signal) =>
    api<OrderPage>("/admin/orders", {
      signal,
      query: {
        limit: pageSize,
        q: filters.q.trim() || undefined,
        state: filters.state,
        paymentStatus: filters.paymentStatus,
        fulfillmentStatus: filters.fulfillmentStatus,
        from: dayStart(filters.from),
        before: cursor ?? dayStart(filters.to, 1),
      },
    }),
  );

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const n of filterNames) {
      const value = String(data.get(n) ?? "").trim();
      if (value) params.set(n, value);
    }
    setCursors([]);
    const query = params.toString();
    navigate(query ? `/orders?${query}` : "/orders", { replace: true });
  }

  function clear() {
    setCursors([]);
    navigate("/orders", { replace: true });
  }

  const active = filterNames.some((n) => filters[n]);
  const data = orders.data;
  return (
    <section className="page" aria-labelledby="orders-heading">
      <div className="page__header">
        <h1 id="orders-heading" ref={heading} tabIndex={-1}>
          Orders
        </h1>
      </div>
      <search className="card">
        <form className="filters" aria-label="Find orders" onSubmit={apply} key={search}>
          <div className="field field--grow">
            <label htmlFor="order-search">Search</label>
            <input
              id="order-search"
              name="q"
              type="search"
              placeholder="Order number or email"
              defaultValue={filters.q}
            />
          </div>
          <div className="field">
            <label htmlFor="filter-state">State</label>
            <select id="filter-state" name="state" defaultValue={filters.state}>
              <option value="">Any</option>
              {orderStates.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-payment">Payment</label>
            <select id="filter-payment" name="paymentStatus" defaultValue={filters.paymentStatus}>
              <option value="">Any</option>
              <option value="awaiting_payment">Awaiting payment</option>
              <option value="partially_paid">Partially paid</option>
              <option value="authorized">Authorized</option>
              <option value="captured">Captured</option>
              <option value="partially_refunded">Partially refunded</option>
              <option value="refunded">Refunded</option>
              <option value="voided">Voided</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-fulfillment">Fulfilment</label>
            <select id="filter-fulfillment" name="fulfillmentStatus" defaultValue={filters.fulfillmentStatus}>
              <option value="">Any</option>
              <option value="unfulfilled">Unfulfilled</option>
              <option value="partially_fulfilled">Partially fulfilled</option>
              <option value="fulfilled">Fulfilled</option>
              <option value="delivered">Delivered</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-from">Placed from</label>
            <input id="filter-from" name="from" type="date" defaultValue={filters.from} />
          </div>
          <div className="field">
            <label htmlFor="filter-to">Placed to</label>
            <input id="filter-to" name="to" type="date" defaultValue={filters.to} />
          </div>
          <div className="filters__actions">
            <button type="submit" className="button button--primary">
              Search
            </button>
            {active ? (
              <button type="button" className="button button--ghost" onClick={clear}>
                Clear
              </button>
            ) : null}
          </div>
        </form>
      </search>

      {orders.state === "error" ? <ErrorNotice problem={orders.problem} onRetry={orders.reload} /> : null}
      {orders.state === "loading" && !data ? <Loading label="Loading orders…" /> : null}
      {data && data.orders.length === 0 ? (
        <Empty title={active ? "No orders match these filters." : "No orders yet."}>
          {active ? (
            <p>Try a shorter search or fewer filters.</p>
          ) : (
            <p>Orders appear here once shoppers check out.</p>
          )}
        </Empty>
      ) : null}
      {data && data.orders.length > 0 ? (
        <div className="card card--flush" aria-busy={orders.state === "loading"}>
          <div className="table-scroll">
            <table className="table">
              <caption className="visually-hidden">Orders, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Placed</th>
                  <th scope="col">Customer</th>
                  <th scope="col" className="num">
                    Total
                  </th>
                  <th scope="col">State</th>
                  <th scope="col">Payment</th>
                  <th scope="col">Fulfilment</th>
                </tr>
              </thead>
              <tbody>
                {data.orders.map((o) => (
                  <tr key={o.id}>
                    <th scope="row">
                      <Link to={`/orders/${o.id}`}>{o.number}</Link>
                    </th>
                    <td>
                      <time dateTime={o.placedAt}>{formatDateTime(o.placedAt)}</time>
                    </td>
                    <td>
                      <span className="cell-main">
                        {[o.shippingAddress.firstName, o.shippingAddress.lastName].filter(Boolean).join(" ")}
                      </span>
                      <span className="cell-sub">{o.email}</span>
                    </td>
                    <td className="num">{money(o.totals.total)}</td>
                    <td>
                      <Badge status={o.state} />
                    </td>
                    <td>
                      <Badge status={o.paymentStatus} />
                    </td>
                    <td>
                      <Badge status={o.fulfillmentStatus} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Pages of orders">
            <button
              type="button"
              className="button button--secondary"
              disabled={cursors.length === 0}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Newer
            </button>
            <span className="pager__info">Page {cursors.length + 1}</span>
            <button
              type="button"
              className="button button--secondary"
              disabled={!data.next}
              onClick={() => data.next && setCursors((c) => [...c, data.next as string])}
            >
              Older
            </button>
          </nav>
        </div>
      ) : null}
    </section>
  );
}
