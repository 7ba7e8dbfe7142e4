import { useRef } from "react";
import { deliveryWindow } from "../checkout/delivery.ts";
import { recallOrder } from "../checkout/place-order.ts";
import { BankTransferDetails } from "../components/bank-transfer-details.tsx";
import { brandName } from "../components/card-brand.ts";
import { GiftCardName, Minus } from "../components/discount-rows.tsx";
import { Link } from "../components/link.tsx";
import { OrderLineItems, OrderTotals } from "../components/order-totals.tsx";
import { Price } from "../components/price.tsx";
import { ReceiptDownload } from "../components/receipt-download.tsx";
import { usePageTitle } from "../router.ts";
import { placedOrderAmounts, shownAmounts } from "../shown-amounts.ts";

function countryName(code: string | undefined): string | undefined {
  if (!code) return undefined;
  try {
    return new Intl.DisplayNames(undefined, { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

export default function ConfirmationPage({ orderNumber }: { orderNumber: string }) {
  const order = recallOrder(orderNumber);
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(`Order ${orderNumber} confirmed`, heading);
  if (!order) {
    return (
      <section className="narrow">
        <h1 ref={heading} tabIndex={-1} className="page-title">
          Order {orderNumber}
        </h1>
        <p>Your order is placed. The confirmation email has all the details.</p>
        <p>
          <Link href="/">Continue shopping</Link>
        </p>
      </section>
    );
  }
  const window = deliveryWindow(
    order.shipping.minTransitDays,
    order.shipping.maxTransitDays,
    new Date(order.placedAt),
  );
  const address = order.shippingAddress as Record<string, string | undefined>;
  // The amounts as the checkout summary showed them: with tax where shelf prices include it.
  const source = placedOrderAmounts(order);
  const amounts = shownAmounts(source);
  const name = address.firstName ? `, ${address.firstName}` : "";
  return (
    <section className="confirmation">
      <div className="confirmation__head">
        <span className="confirmation__check" aria-hidden="true">
          ✓
        </span>
        <h1 ref={heading} tabIndex={-1} className="page-title">
          Thank you{name}! Your order is confirmed.
        </h1>
        <p>
          Order number <strong className="order-number">{order.number}</strong>
        </p>
        <p className="muted">A confirmation has been sent to {order.email}.</p>
        {order.accessToken ? (
          <div className="confirmation__actions">
            {/* The token goes after `#`: browsers never send the fragment to a server. */}
            <Link
              href={`/orders/${encodeURIComponent(order.id)}#token=${encodeURIComponent(order.accessToken)}`}
              className="button"
            >
              Track your order
            </Link>
            <ReceiptDownload orderId={order.id} orderToken={order.accessToken} orderNumber={order.number} />
          </div>
        ) : null}
      </div>
      {order.payment.instructions ? <BankTransferDetails instructions={order.payment.instructions} /> : null}
      <div className="confirmation__grid">
        <section className="panel" aria-labelledby="delivery-title">
          <h2 id="delivery-title">Delivery</h2>
          <p>
            <strong>{order.shipping.name}</strong>: arrives in {window.days}
          </p>
          <p>Estimated {window.dates}</p>
          <address className="confirmation__address">
            {[
              `${address.firstName ?? ""} ${address.lastName ?? ""}`.trim(),
              address.line1,
              address.line2,
              [address.postalCode, address.city, address.region].filter(Boolean).join(" "),
              countryName(address.country),
            ]
              .filter(Boolean)
              .map((l) => (
                <span key={l}>{l}</span>
              ))}
          </address>
          {order.giftCard ? (
            <p className="muted">
              <Price money={order.giftCard.amount} /> paid with{" "}
              <GiftCardName codeHint={order.giftCard.codeHint} />
            </p>
          ) : null}
          {order.payment.last4 && order.amountCharged.amount > 0 ? (
            <p className="muted">
              <Price money={order.amountCharged} /> paid with {brandName(order.payment.brand)} ending{" "}
              {order.payment.last4}
            </p>
          ) : null}
        </section>
        <section className="panel" aria-labelledby="items-title">
          <h2 id="items-title">Items</h2>
          <OrderLineItems lines={order.lines} amounts={amounts} />
          <OrderTotals
            source={source}
            amounts={amounts}
            promotions={order.promotions.map((p) => (
              <div key={p.promotionId} className="totals__row totals__row--discount">
                <dt>
                  <span className="discount__label">{p.label}</span>
                  {p.code ? <span className="tag">{p.code}</span> : null}
                </dt>
                <dd>
                  <Minus money={p.amount} />
                </dd>
              </div>
            ))}
            shippingName={order.shipping.name}
            tender={
              order.giftCard
                ? {
                    label: order.payment.instructions
                      ? "To pay by transfer"
                      : order.amountCharged.amount > 0
                        ? "Paid by card"
                        : "Charged",
                    amount: order.amountCharged,
                    rows: (
                      <div className="totals__row totals__row--discount">
                        <dt>
                          <span className="discount__label">
                            <GiftCardName codeHint={order.giftCard.codeHint} />
                          </span>
                        </dt>
                        <dd>
                          <Minus money={order.giftCard.amount} />
                        </dd>
                      </div>
                    ),
                  }
                : null
            }
          />
        </section>
      </div>
      <p>
        <Link href="/" className="button">
          Continue shopping
        </Link>
      </p>
    </section>
  );
}
