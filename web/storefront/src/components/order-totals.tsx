import type { ReactNode } from "react";
import type { Money } from "../api/types.ts";
import type { AmountsSource, ShownAmounts } from "../shown-amounts.ts";
import { Minus } from "./discount-rows.tsx";
import { Price } from "./price.tsx";
import { TaxRows } from "./tax-rows.tsx";

/** Part of the total paid another way (a gift card): its rows, then what is left and how it is paid. */
export interface Tender {
  rows: ReactNode;
  label: string;
  amount: Money;
}

/**
 * The totals of a cart or an order, the same in the checkout summary, on the confirmation and on
 * the status page: subtotal, promotions, shipping, tax and total as `shownAmounts` gives them, with
 * the tax added where prices exclude it and "Including VAT 19 %" under the total where they
 * include it. Interactive parts (removing a code or a gift card) come in as rows.
 */
export function OrderTotals({
  source,
  amounts,
  promotions,
  shippingName,
  shippingPending = false,
  tender = null,
  grandPrefix,
  live = false,
  updating = false,
}: {
  source: AmountsSource;
  amounts: ShownAmounts;
  promotions: ReactNode;
  shippingName?: string | undefined;
  /** No method chosen yet: "Next step" instead of an amount. */
  shippingPending?: boolean;
  tender?: Tender | null;
  /** Shown before the grand total, e.g. the currency code where the summary asks for it. */
  grandPrefix?: string;
  /** Announce the grand total politely when it changes (the checkout summary). */
  live?: boolean;
  updating?: boolean;
}) {
  const tax = (
    <TaxRows
      inclusive={amounts.inclusive}
      breakdown={source.taxBreakdown}
      taxTotal={source.totals.taxTotal}
      provisional={source.provisional}
    />
  );
  return (
    <dl className={`totals${updating ? " totals--updating" : ""}`}>
      <div className="totals__row">
        <dt>Subtotal</dt>
        <dd>
          <Price money={amounts.subtotal} />
        </dd>
      </div>
      {promotions}
      {amounts.discountTotal.amount > 0 ? (
        <div className="totals__row totals__row--savings">
          <dt>Discount total</dt>
          <dd>
            <Minus money={amounts.discountTotal} />
          </dd>
        </div>
      ) : null}
      <div className="totals__row">
        <dt>
          Shipping
          {shippingName ? <span className="muted"> · {shippingName}</span> : null}
        </dt>
        <dd>
          {shippingPending ? <span className="muted">Next step</span> : <Price money={amounts.shipping} />}
        </dd>
      </div>
      {amounts.inclusive ? null : tax}
      {tender ? (
        <>
          <div className="totals__row totals__row--subtotal">
            <dt>Total</dt>
            <dd>
              <Price money={amounts.total} />
            </dd>
          </div>
          {tender.rows}
        </>
      ) : null}
      <div
        className="totals__row totals__row--grand"
        {...(live ? { "aria-live": "polite" as const, "aria-atomic": true } : {})}
      >
        <dt>{tender ? tender.label : "Total"}</dt>
        <dd>
          {grandPrefix ? (
            <>
              <span className="totals__currency">{grandPrefix}</span>{" "}
            </>
          ) : null}
          <Price money={tender ? tender.amount : amounts.total} />
        </dd>
      </div>
      {amounts.inclusive ? tax : null}
    </dl>
  );
}

/** An order's items as bought: quantity, title, what was saved and the amount as `shownAmounts` gives it. */
export function OrderLineItems({
  lines,
  amounts,
}: {
  lines: readonly { sku: string; title: string; quantity: number }[];
  amounts: ShownAmounts;
}) {
  return (
    <ul className="summary__lines">
      {lines.map((l, i) => {
        const shown = amounts.lines[i];
        return (
          <li key={l.sku} className="summary__line">
            <span className="summary__qty">{l.quantity}×</span>
            <span className="summary__name">
              {l.title}
              {shown && shown.saving.amount > 0 ? (
                <span className="summary__saving">
                  {" "}
                  You saved <Price money={shown.saving} />
                </span>
              ) : null}
            </span>
            {shown ? <Price money={shown.amount} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
