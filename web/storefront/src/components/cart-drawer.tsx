import { useEffect, useRef } from "react";
import { formatExpected } from "../expected-date.ts";
import { formatMoney, subtractMoney } from "../money.ts";
import { navigate } from "../router.ts";
import { useCart } from "../state/cart-context.tsx";
import { reportStep } from "../state/checkout-funnel.ts";
import { CartIssues } from "./cart-issues.tsx";
import { CartSuggestions } from "./cart-suggestions.tsx";
import { CodeForm } from "./code-form.tsx";
import { GiftCardName, PromotionRows, RejectedCodes } from "./discount-rows.tsx";
import { FreeShippingProgress } from "./free-shipping-progress.tsx";
import { Price } from "./price.tsx";
import { Quantity } from "./quantity.tsx";

/**
 * The slide-out cart. A modal <dialog> gives focus trapping, Escape to close and an inert page
 * behind it without any script of ours.
 */
export function CartDrawer() {
  const {
    cart,
    drawerOpen,
    closeDrawer,
    updateQuantity,
    removeLine,
    applyPromotionCode,
    removePromotionCode,
    applyGiftCard,
    removeGiftCard,
    busy,
    error,
    session,
  } = useCart();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (drawerOpen && !d.open) d.showModal();
    if (!drawerOpen && d.open) d.close();
  }, [drawerOpen]);

  const lines = cart?.lines ?? [];
  const hasLines = lines.length > 0;
  useEffect(() => {
    // An empty drawer is not a step towards buying anything, so only a drawer with items counts.
    if (drawerOpen && hasLines) reportStep(session, "cart_viewed");
  }, [drawerOpen, hasLines, session]);

  // Only the lines' share: a shipping discount has nothing to apply to before checkout.
  const lineDiscount = {
    amount: lines.reduce((sum, l) => sum + l.discount.amount, 0),
    currency: cart?.currency ?? "USD",
  };
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: backdrop clicks are a mouse shortcut; keyboards close the modal dialog with Escape natively.
    <dialog
      ref={dialog}
      className="drawer"
      aria-labelledby="drawer-title"
      onClose={closeDrawer}
      onClick={(e) => {
        // A click on the backdrop lands on the dialog element itself.
        if (e.target === dialog.current) closeDrawer();
      }}
    >
      <div className="drawer__panel">
        <header className="drawer__header">
          <h2 id="drawer-title">Your cart</h2>
          <button type="button" className="icon-button" onClick={closeDrawer} aria-label="Close cart">
            ×
          </button>
        </header>
        {error ? (
          <p className="notice notice--error" role="alert">
            {error}
          </p>
        ) : null}
        {cart ? <CartIssues cart={cart} /> : null}
        {lines.length === 0 ? (
          <p className="drawer__empty">Your cart is empty.</p>
        ) : (
          <ul className="drawer__lines" aria-busy={busy}>
            {lines.map((line) => (
              <li key={line.id} className="line">
                <div className="line__main">
                  <span className="line__title">{line.title}</span>
                  <span className="line__unit">
                    <Price money={line.unitPrice} /> each
                  </span>
                  {line.backorder ? (
                    <span className="line__backorder">
                      {line.backorder.quantity} on backorder
                      {formatExpected(line.backorder.expectedOn)
                        ? `, expected ${formatExpected(line.backorder.expectedOn)}`
                        : ", ships when stock arrives"}
                    </span>
                  ) : null}
                </div>
                <div className="line__controls">
                  <Quantity
                    id={`qty-${line.id}`}
                    label={`Quantity of ${line.title}`}
                    value={line.quantity}
                    max={Math.max(line.quantity, Math.min(99, line.available))}
                    disabled={busy}
                    onChange={(q) => void updateQuantity(line.id, q)}
                  />
                  <button
                    type="button"
                    className="link-button"
                    disabled={busy}
                    onClick={() => void removeLine(line.id)}
                  >
                    Remove<span className="visually-hidden"> {line.title}</span>
                  </button>
                  <Price money={line.subtotal} className="line__subtotal" />
                </div>
              </li>
            ))}
          </ul>
        )}
        {cart && lines.length > 0 ? <CartSuggestions cart={cart} /> : null}
        {cart && lines.length > 0 ? (
          <footer className="drawer__footer">
            <FreeShippingProgress cart={cart} />
            <RejectedCodes cart={cart} disabled={busy} onRemove={(c) => void removePromotionCode(c)} />
            <CodeForm
              summary="Add a promotion code"
              label="Promotion code"
              disabled={busy}
              onApply={applyPromotionCode}
            />
            <CodeForm
              summary={cart.giftCard ? "Use a different gift card" : "Pay with a gift card"}
              label="Gift card code"
              disabled={busy}
              onApply={applyGiftCard}
            />
            <dl className="totals">
              {lineDiscount.amount > 0 || cart.promotions.applied.length > 0 ? (
                <div className="totals__row">
                  <dt>Items</dt>
                  <dd>
                    <Price money={cart.totals.subtotal} />
                  </dd>
                </div>
              ) : null}
              <PromotionRows cart={cart} disabled={busy} onRemove={(c) => void removePromotionCode(c)} />
              {cart.giftCard ? (
                <div className="totals__row totals__row--discount">
                  <dt>
                    <span className="discount__label">
                      <GiftCardName codeHint={cart.giftCard.codeHint} />
                    </span>
                    <span className="discount__code">
                      <button
                        type="button"
                        className="link-button"
                        disabled={busy}
                        onClick={() => void removeGiftCard()}
                      >
                        Remove<span className="visually-hidden"> gift card</span>
                      </button>
                    </span>
                  </dt>
                  {/* Shipping and tax are not known yet, so the card's reach is its balance. */}
                  <dd className="totals__note">{formatMoney(cart.giftCard.balance)} balance</dd>
                </div>
              ) : null}
              <div className="totals__row totals__row--grand" aria-live="polite" aria-atomic="true">
                <dt>Subtotal</dt>
                <dd>
                  <Price money={subtractMoney(cart.totals.subtotal, lineDiscount)} />
                </dd>
              </div>
            </dl>
            <p className="drawer__note">Shipping and taxes are calculated at checkout.</p>
            <button
              type="button"
              className="button button--primary button--block"
              disabled={busy || cart.issues.some((i) => i.code === "unavailable")}
              onClick={() => {
                closeDrawer();
                navigate("/checkout");
              }}
            >
              Check out
            </button>
          </footer>
        ) : null}
      </div>
    </dialog>
  );
}
