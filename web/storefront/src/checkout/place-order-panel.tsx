import type { ReactNode, RefObject } from "react";
import type { Money } from "../api/types.ts";
import { Link } from "../components/link.tsx";
import { formatMoney } from "../money.ts";

/** What the checkout tells the shopper after trying to place the order. */
export interface Banner {
  tone: "error" | "warning" | "info";
  title: string;
  body: string;
}

/**
 * The end of the form: what went wrong (focused by the page when it appears), the button naming
 * the amount and how it is paid, and what happens to the money.
 */
export function PlaceOrderPanel({
  banner,
  bannerRef,
  cartEmpty,
  placing,
  disabled,
  due,
  payByTransfer,
  payByPurchaseOrder,
  cardNeeded,
  confirming,
  wallet,
}: {
  banner: Banner | null;
  bannerRef: RefObject<HTMLDivElement | null>;
  cartEmpty: boolean;
  placing: boolean;
  disabled: boolean;
  due: Money | undefined;
  payByTransfer: boolean;
  payByPurchaseOrder: boolean;
  cardNeeded: boolean;
  /** The total changed and the shopper is asked to confirm the new one. */
  confirming: boolean;
  /** A provider's own button (PayPal) that places the order in place of ours. */
  wallet?: ReactNode;
}) {
  return (
    <div className="place-order">
      <div
        ref={bannerRef}
        tabIndex={-1}
        className={banner ? `notice notice--${banner.tone}` : "place-order__status"}
        role={banner ? (banner.tone === "info" ? "status" : "alert") : undefined}
      >
        {banner ? (
          <>
            <p className="notice__title">{banner.title}</p>
            <p>{banner.body}</p>
            {cartEmpty ? (
              <p>
                <Link href="/">Continue shopping</Link>
              </p>
            ) : null}
          </>
        ) : null}
      </div>
      {wallet ?? (
        <button
          type="submit"
          className="button button--primary button--block button--large"
          disabled={disabled}
          aria-describedby="place-order-note"
        >
          {placing
            ? "Placing your order…"
            : payByTransfer && due
              ? `Place order, pay ${formatMoney(due)} by transfer`
              : payByPurchaseOrder
                ? "Place order on invoice"
                : !cardNeeded
                  ? "Place order"
                  : confirming && due
                    ? `Confirm and pay ${formatMoney(due)}`
                    : due
                      ? `Pay ${formatMoney(due)}`
                      : "Pay"}
        </button>
      )}
      <p id="place-order-note" className="muted place-order__note">
        {wallet
          ? "You approve the payment in PayPal's window; the order is placed as soon as you do."
          : cardNeeded
            ? "Your card is charged only when the order is placed. Card details go straight to the payment processor."
            : payByTransfer
              ? "Nothing is charged now: you pay by bank transfer after placing the order."
              : payByPurchaseOrder
                ? "Nothing is charged now: the invoice comes with your order confirmation."
                : "Your gift card is charged only when the order is placed."}
      </p>
    </div>
  );
}
