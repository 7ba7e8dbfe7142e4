import { useEffect, useRef, useState } from "react";
import { ApiProblem, api } from "../api/client.ts";
import type { OrderStatus } from "../api/types.ts";
import { Link } from "../components/link.tsx";
import { Price } from "../components/price.tsx";
import { usePageTitle } from "../router.ts";
import { useAccount } from "../state/account.ts";
import { statusInWords } from "./order-status-page.tsx";

const placedOn = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** A signed-in shopper's orders, newest first, 20 at a time. */
export default function AccountOrdersPage() {
  const { customer, signOut } = useAccount();
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Your orders", heading);
  const [orders, setOrders] = useState<OrderStatus[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    if (!customer) return;
    api.listCustomerOrders().then(
      (page) => {
        setOrders(page.orders);
        setNext(page.next);
      },
      (e: unknown) => setError(e instanceof ApiProblem ? e.message : "We couldn't load your orders."),
    );
  }, [customer]);

  const more = async () => {
    if (!next) return;
    setLoadingMore(true);
    try {
      const page = await api.listCustomerOrders(next);
      setOrders((o) => [...(o ?? []), ...page.orders]);
      setNext(page.next);
    } catch (e) {
      setError(e instanceof ApiProblem ? e.message : "We couldn't load more orders.");
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section className="narrow account">
      <h1 ref={heading} tabIndex={-1} className="page-title">
        Your orders
      </h1>
      {customer === undefined ? <p className="loading">Loading…</p> : null}
      {customer === null ? (
        <p>
          Sign in at checkout to see your orders here. Guest orders are on the page linked from your
          confirmation email. <Link href="/">Continue shopping</Link>
        </p>
      ) : null}
      {customer ? (
        <p className="muted">
          Signed in as {customer.email}.{" "}
          <button type="button" className="link-button" onClick={() => void signOut()}>
            Sign out
          </button>
        </p>
      ) : null}
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {customer && !orders && !error ? (
        <p className="loading" aria-live="polite">
          Loading your orders…
        </p>
      ) : null}
      {orders && orders.length === 0 ? (
        <p>
          No orders yet. <Link href="/">Start shopping</Link>
        </p>
      ) : null}
      {orders && orders.length > 0 ? (
        <ul className="order-history" aria-busy={loadingMore}>
          {orders.map((o) => (
            <li key={o.id} className="order-history__item">
              <div className="order-history__head">
                <h2 className="order-history__number">
                  {/* The session opens the status page: account orders need no token in the link. */}
                  <Link href={`/orders/${encodeURIComponent(o.id)}`}>Order {o.number}</Link>
                </h2>
                <Price money={o.totals.total} className="order-history__total" />
              </div>
              <p className="muted">
                Placed {placedOn.format(new Date(o.placedAt))} · {statusInWords(o).title}
              </p>
              <ul className="order-history__lines">
                {o.lines.map((l) => (
                  <li key={l.sku}>
                    {l.quantity} × {l.title}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : null}
      {next ? (
        <button type="button" className="button" disabled={loadingMore} onClick={() => void more()}>
          {loadingMore ? "Loading…" : "Show older orders"}
        </button>
      ) : null}
    </section>
  );
}
