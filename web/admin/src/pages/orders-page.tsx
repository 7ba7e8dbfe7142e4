import { type FormEvent, useRef } from "react";
import { api } from "../api/client.ts";
import { type Order, type OrderPage, orderStates } from "../api/types.ts";
import { type Column, DataTable } from "../components/data-table.tsx";
import { Link } from "../components/link.tsx";
import { Pager, useCursors } from "../components/pager.tsx";
import { Badge, Empty, LoadStates } from "../components/states.tsx";
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

const columns: Column<Order>[] = [
  { header: "Order", rowHeader: true, cell: (o) => <Link to={`/orders/${o.id}`}>{o.number}</Link> },
  { header: "Placed", cell: (o) => <time dateTime={o.placedAt}>{formatDateTime(o.placedAt)}</time> },
  {
    header: "Customer",
    cell: (o) => (
      <>
        <span className="cell-main">
          {[o.shippingAddress.firstName, o.shippingAddress.lastName].filter(Boolean).join(" ")}
        </span>
        <span className="cell-sub">{o.email}</span>
      </>
    ),
  },
  { header: "Total", numeric: true, cell: (o) => money(o.totals.total) },
  { header: "State", cell: (o) => <Badge status={o.state} /> },
  { header: "Payment", cell: (o) => <Badge status={o.paymentStatus} /> },
  { header: "Fulfilment", cell: (o) => <Badge status={o.fulfillmentStatus} /> },
];

/** Orders, newest first: search by number or email, filters in the URL (shareable), keyset paging. */
export function OrdersPage({ search }: { search: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Orders", heading);
  const filters = filtersOf(search);
  const cursors = useCursors();
  const cursor = cursors.cursor;
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
    cursors.reset();
    const query = params.toString();
    navigate(query ? `/orders?${query}` : "/orders", { replace: true });
  }

  function clear() {
    cursors.reset();
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

      <LoadStates resource={orders} label="Loading orders…" />
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
          <DataTable
            caption="Orders, newest first"
            columns={columns}
            rows={data.orders}
            rowKey={(o) => o.id}
          />
          <Pager label="Pages of orders" cursors={cursors} next={data.next} labels={["Newer", "Older"]} />
        </div>
      ) : null}
    </section>
  );
}
