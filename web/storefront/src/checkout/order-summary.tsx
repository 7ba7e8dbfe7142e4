import type { Cart } from "../api/types.ts";
import { CodeForm } from "../components/code-form.tsx";
import { GiftCardName, Minus, PromotionRows, RejectedCodes } from "../components/discount-rows.tsx";
import { Price } from "../components/price.tsx";
import { subtractMoney } from "../money.ts";
import { useCart } from "../state/cart-context.tsx";
import { TaxRows } from "./tax-rows.tsx";

/**
 * Always-visible summary. Rows keep their place whether a value is known or not (a placeholder
 * of similar width), so totals updating never shifts the layout; the amount to pay is announced
 * politely. Promotion codes and the gift card are entered here, next to the amounts they change.
 */
export function OrderSummary({ cart, updating }: { cart: Cart; updating: boolean }) {
  const { applyPromotionCode, removePromotionCode, applyGiftCard, removeGiftCard, busy } = useCart();
  const { totals, giftCard } = cart;
  const count = cart.lines.reduce((n, l) => n + l.quantity, 0);
  const locked = updating || busy;
  // Where shelf prices include tax, show the amounts the shopper saw on the product page and
  // shipping options (tax included) and say how much of the total is tax, rather than net amounts
  // that match nothing they were shown.
  const inclusive = cart.pricesIncludeTax;
  const money = (amount: number) => ({ amount, currency: cart.currency });
  const lineAmount = (l: Cart["lines"][number]) =>
    inclusive ? money(l.unitPrice.amount * l.quantity) : l.subtotal;
  const subtotal = inclusive
    ? money(cart.lines.reduce((n, l) => n + lineAmount(l).amount, 0))
    : totals.subtotal;
  const shipping = inclusive
    ? money(totals.shippingTotal.amount + cart.tax.shipping.amount)
    : totals.shippingTotal;
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
              {line.discount.amount > 0 ? (
                <span className="summary__saving">
                  {" "}
                  You save <Price money={line.discount} />
                </span>
              ) : null}
            </span>
            <Price money={lineAmount(line)} />
          </li>
        ))}
      </ul>
      <div className="summary__codes">
        <RejectedCodes cart={cart} disabled={locked} onRemove={(c) => void removePromotionCode(c)} />
        <CodeForm
          summary="Add a promotion code"
          label="Promotion code"
          disabled={locked}
          onApply={applyPromotionCode}
        />
        <CodeForm
          summary={giftCard ? "Use a different gift card" : "Pay with a gift card"}
          label="Gift card code"
          disabled={locked}
          onApply={applyGiftCard}
        />
      </div>
      <dl className={`totals${updating ? " totals--updating" : ""}`}>
        <div className="totals__row">
          <dt>Subtotal</dt>
          <dd>
            <Price money={subtotal} />
          </dd>
        </div>
        <PromotionRows cart={cart} disabled={locked} onRemove={(c) => void removePromotionCode(c)} />
        {totals.discountTotal.amount > 0 ? (
          <div className="totals__row totals__row--savings">
            <dt>Discount total</dt>
            <dd>
              <Minus money={totals.discountTotal} />
            </dd>
          </div>
        ) : null}
        <div className="totals__row">
          <dt>
            Shipping
            {cart.shippingMethod ? <span className="muted"> · {cart.shippingMethod.name}</span> : null}
          </dt>
          <dd>
            {cart.shippingMethod ? <Price money={shipping} /> : <span className="muted">Next step</span>}
          </dd>
        </div>
        {inclusive ? null : <TaxRows cart={cart} />}
        {giftCard ? (
          <>
            <div className="totals__row totals__row--subtotal">
              <dt>Total</dt>
              <dd>
                <Price money={totals.total} />
              </dd>
            </div>
            <div className="totals__row totals__row--discount">
              <dt>
                <span className="discount__label">
                  <GiftCardName codeHint={giftCard.codeHint} />
                </span>
                <span className="discount__code">
                  <button
                    type="button"
                    className="link-button"
                    disabled={locked}
                    onClick={() => void removeGiftCard()}
                  >
                    Remove<span className="visually-hidden"> gift card</span>
                  </button>
                </span>
              </dt>
              <dd>
                <Minus money={giftCard.applied} />
              </dd>
            </div>
          </>
        ) : null}
        <div className="totals__row totals__row--grand" aria-live="polite" aria-atomic="true">
          <dt>{giftCard ? "Amount due" : "Total"}</dt>
          <dd>
            <span className="totals__currency">{cart.amountDue.currency}</span>{" "}
            <Price money={giftCard ? cart.amountDue : totals.total} />
          </dd>
        </div>
        {inclusive ? <TaxRows cart={cart} /> : null}
      </dl>
      {giftCard && giftCard.balance.amount > giftCard.applied.amount ? (
        <p className="muted summary__note">
          <Price money={subtractMoney(giftCard.balance, giftCard.applied)} /> stays on your gift card.
        </p>
      ) : null}
    </section>
  );
}
