import type { Cart } from "../api/types.ts";
import { CodeForm } from "../components/code-form.tsx";
import { GiftCardName, Minus, PromotionRows, RejectedCodes } from "../components/discount-rows.tsx";
import { OrderTotals } from "../components/order-totals.tsx";
import { Price } from "../components/price.tsx";
import { subtractMoney } from "../money.ts";
import { cartAmounts, shownAmounts } from "../shown-amounts.ts";
import { useCart } from "../state/cart-context.tsx";

/**
 * Always-visible summary. Rows keep their place whether a value is known or not (a placeholder
 * of similar width), so totals updating never shifts the layout; the amount to pay is announced
 * politely. Promotion codes and the gift card are entered here, next to the amounts they change.
 */
export function OrderSummary({ cart, updating }: { cart: Cart; updating: boolean }) {
  const { applyPromotionCode, removePromotionCode, applyGiftCard, removeGiftCard, busy } = useCart();
  const { giftCard } = cart;
  const count = cart.lines.reduce((n, l) => n + l.quantity, 0);
  const locked = updating || busy;
  // Shelf prices with tax included where the market quotes them so (see shownAmounts).
  const source = cartAmounts(cart);
  const amounts = shownAmounts(source);
  return (
    <section className="summary" aria-labelledby="summary-title" aria-busy={updating}>
      <h2 id="summary-title" className="summary__title">
        Order summary{" "}
        <span className="summary__count">
          ({count} {count === 1 ? "item" : "items"})
        </span>
      </h2>
      <ul className="summary__lines">
        {cart.lines.map((line, i) => {
          const shown = amounts.lines[i] ?? { amount: line.subtotal, saving: line.discount };
          return (
            <li key={line.id} className="summary__line">
              <span className="summary__qty" aria-hidden="true">
                {line.quantity}×
              </span>
              <span className="summary__name">
                <span className="visually-hidden">{line.quantity} × </span>
                {line.title}
                {shown.saving.amount > 0 ? (
                  <span className="summary__saving">
                    {" "}
                    You save <Price money={shown.saving} />
                  </span>
                ) : null}
              </span>
              <Price money={shown.amount} />
            </li>
          );
        })}
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
      <OrderTotals
        source={source}
        amounts={amounts}
        updating={updating}
        live
        grandPrefix={cart.amountDue.currency}
        promotions={
          <PromotionRows cart={cart} disabled={locked} onRemove={(c) => void removePromotionCode(c)} />
        }
        shippingName={cart.shippingMethod?.name}
        shippingPending={!cart.shippingMethod}
        tender={
          giftCard
            ? {
                label: "Amount due",
                amount: cart.amountDue,
                rows: (
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
                ),
              }
            : null
        }
      />
      {giftCard && giftCard.balance.amount > giftCard.applied.amount ? (
        <p className="muted summary__note">
          <Price money={subtractMoney(giftCard.balance, giftCard.applied)} /> stays on your gift card.
        </p>
      ) : null}
    </section>
  );
}
