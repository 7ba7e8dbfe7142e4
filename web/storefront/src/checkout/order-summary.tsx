import type { Cart } from "../api/types.ts";
import { Price } from "../components/price.tsx";

/**
 * Always-visible summary. Rows keep their place whether a value is known or not (a placeholder
 * of similar width), so totals updating never shifts the layout; the total is announced politely.
 */
export function OrderSummary({ cart, updating }: { cart: Cart; updating: boolean }) {
  const { totals } = cart;
  const count = cart.lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <section className="summary" aria-labelledby="summary-title" aria-busy={updating}>
      <h2 id="summary-title" className="summary__title">
        Order summary{" "}
        <span className="summary__count">
          ({count} {count === 1 ? "item" : "items"})
        </span>
      </h2>
      <ul className="summary__lines">
        {cart.lines.map((line) => (
          <li key={line.id} className="summary__line">
            <span className="summary__qty" aria-hidden="true">
              {line.quantity}×
            </span>
            <span className="summary__name">
              <span className="visually-hidden">{line.quantity} × </span>
              {line.title}
            </span>
            <Price money={line.subtotal} />
          </li>
        ))}
      </ul>
      <dl className={`totals${updating ? " totals--updating" : ""}`}>
        <div className="totals__row">
          <dt>Subtotal</dt>
          <dd>
            <Price money={totals.subtotal} />
          </dd>
        </div>
        {totals.discountTotal.amount > 0 ? (
          <div className="totals__row">
            <dt>Discount</dt>
            <dd>
              −<Price money={totals.discountTotal} />
            </dd>
          </div>
        ) : null}
        <div className="totals__row">
          <dt>
            Shipping
            {cart.shippingMethod ? <span className="muted"> · {cart.shippingMethod.name}</span> : null}
          </dt>
          <dd>
            {cart.shippingMethod ? (
              <Price money={totals.shippingTotal} />
            ) : (
              <span className="muted">Next step</span>
            )}
          </dd>
        </div>
        <div className="totals__row">
          <dt>Tax</dt>
          <dd>
            <Price money={totals.taxTotal} />
          </dd>
        </div>
        <div className="totals__row totals__row--grand" aria-live="polite" aria-atomic="true">
          <dt>Total</dt>
          <dd>
            <span className="totals__currency">{totals.total.currency}</span> <Price money={totals.total} />
          </dd>
        </div>
      </dl>
    </section>
  );
}
