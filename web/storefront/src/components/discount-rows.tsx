import type { Cart, Money } from "../api/types.ts";
import { promotionRejectionMessage } from "./discount-messages.ts";
import { Price } from "./price.tsx";

/** A discount as a negative amount; the sign is text so screen readers say "minus". */
export function Minus({ money }: { money: Money }) {
  return (
    <>
      −<Price money={money} />
    </>
  );
}

/**
 * One row per applied promotion, inside a totals <dl>. Code-based ones can be removed; automatic
 * ones cannot, so they get no button.
 */
export function PromotionRows({
  cart,
  disabled,
  onRemove,
}: {
  cart: Cart;
  disabled: boolean;
  onRemove(code: string): void;
}) {
  return (
    <>
      {cart.promotions.applied.map((p) => (
        <div key={p.promotionId} className="totals__row totals__row--discount">
          <dt>
            <span className="discount__label">{p.label}</span>
            {p.code ? (
              <span className="discount__code">
                <span className="tag">{p.code}</span>
                <button
                  type="button"
                  className="link-button"
                  disabled={disabled}
                  onClick={() => onRemove(p.code ?? "")}
                >
                  Remove<span className="visually-hidden"> code {p.code}</span>
                </button>
              </span>
            ) : null}
          </dt>
          <dd>
            <Minus money={p.amount} />
          </dd>
        </div>
      ))}
    </>
  );
}

/** Codes the shopper entered that stopped applying (the cart changed, the promotion ended…). */
export function RejectedCodes({
  cart,
  disabled,
  onRemove,
}: {
  cart: Cart;
  disabled: boolean;
  onRemove(code: string): void;
}) {
  if (cart.promotions.rejected.length === 0) return null;
  return (
    <ul className="notice notice--warning rejected-codes">
      {cart.promotions.rejected.map((r) => (
        <li key={r.code}>
          {promotionRejectionMessage(r.code, r.reason, cart)}{" "}
          <button type="button" className="link-button" disabled={disabled} onClick={() => onRemove(r.code)}>
            Remove<span className="visually-hidden"> code {r.code}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * "Gift card ••••1234": the hint is the only part of the code the API shows again. The dots are
 * hidden from screen readers, which would read "bullet" four times, and "ending in" said instead.
 */
export function GiftCardName({ codeHint }: { codeHint: string }) {
  return (
    <>
      Gift card <span aria-hidden="true">••••</span>
      <span className="visually-hidden">ending in </span>
      {codeHint}
    </>
  );
}
