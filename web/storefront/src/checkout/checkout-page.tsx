import { useCallback, useEffect, useRef, useState } from "react";
import { ApiProblem, api, type CheckoutPayment } from "../api/client.ts";
import type { Cart, Money } from "../api/types.ts";
import { CartIssues } from "../components/cart-issues.tsx";
import { TextField } from "../components/field.tsx";
import { Link } from "../components/link.tsx";
import { navigate, usePageTitle } from "../router.ts";
import { useAccount } from "../state/account.ts";
import { useCart } from "../state/cart-context.tsx";
import { reportStep } from "../state/checkout-funnel.ts";
import { AddressSection } from "./address-section.tsx";
import { choosePayment } from "./choose-payment.ts";
import { explainCompletionFailure } from "./completion-failure.ts";
import { ContactSection } from "./contact-section.tsx";
import { OrderSummary } from "./order-summary.tsx";
import { completeWithChallenges, usePaymentChallenge } from "./payment-challenge.tsx";
import { type PaymentChoice, PaymentMethodChoice } from "./payment-method-choice.tsx";
import { PaymentSection, PaymentWithoutCard } from "./payment-section.tsx";
import { PayPalButton } from "./paypal-button.tsx";
import { fitLineToStock, rememberOrder, type StockFix, stockMessage } from "./place-order.ts";
import { type Banner, PlaceOrderPanel } from "./place-order-panel.tsx";
import { SavedAddressPicker, useSavedAddresses } from "./saved-addresses.tsx";
import { ShippingSection } from "./shipping-section.tsx";
import { StripePaymentElement } from "./stripe-payment-element.tsx";
import { useDeliveryDetails } from "./use-delivery-details.ts";
import { usePaymentOptions } from "./use-payment-options.ts";
import { usePurchaseOrderTerms } from "./use-purchase-order-terms.ts";
import {
  addressFieldOrder,
  type CardField,
  type CardForm,
  cardFieldOrder,
  type Errors,
  fromAddress,
  toAddress,
  validateAddress,
  validateAddressField,
  validateCard,
  validateCardField,
  validateEmail,
} from "./validation.ts";

export default function CheckoutPage() {
  const { cart, session, replaceCart, refresh, forgetCart, currency } = useCart();
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Checkout", heading);

  const [card, setCard] = useState<CardForm>({ number: "", expiry: "", cvc: "" });
  const [cardErrors, setCardErrors] = useState<Errors<CardField>>({});
  const [placing, setPlacing] = useState(false);
  const [method, setMethod] = useState<PaymentChoice>("card");
  const [banner, setBanner] = useState<Banner | null>(null);
  const [newTotal, setNewTotal] = useState<Money | null>(null);
  const challenge = usePaymentChallenge();
  const { customer } = useAccount();
  const savedAddresses = useSavedAddresses(customer);

  const inFlight = useRef(false);
  // Set when starting a PayPal payment failed and the page already said why (PayPal then reports an error too).
  const payPalExplained = useRef(false);
  const bannerRef = useRef<HTMLDivElement>(null);
  const fields = useRef(new Map<string, HTMLInputElement | HTMLSelectElement>());
  const cartRef = useRef(cart);
  cartRef.current = cart;
  // A gift card covering everything leaves nothing for a card to pay: no card form then.
  const somethingDue = !cart || cart.amountDue.amount > 0;
  const options = usePaymentOptions();
  const { bankTransfer, stripeKey, paypalClientId } = options;
  const payByTransfer = somethingDue && bankTransfer && method === "bank_transfer";
  const payByPayPal = somethingDue && Boolean(paypalClientId) && method === "paypal";
  const poTerms = usePurchaseOrderTerms(options.purchaseOrder, customer?.id, cart?.currency);
  const payByPurchaseOrder = somethingDue && poTerms !== null && method === "purchase_order";
  const [poNumber, setPoNumber] = useState("");
  const [poError, setPoError] = useState<string | undefined>();
  const cardNeeded = somethingDue && !payByTransfer && !payByPayPal && !payByPurchaseOrder;
  // With Stripe configured its Payment Element takes the card; our fields are for the test provider.
  const testCardNeeded = cardNeeded && !stripeKey;

  const fieldRef = useCallback(
    (name: string) => (el: HTMLInputElement | HTMLSelectElement | null) => {
      if (el) fields.current.set(name, el);
      else fields.current.delete(name);
    },
    [],
  );

  const focusField = useCallback((name: string) => fields.current.get(name)?.focus(), []);
  const details = useDeliveryDetails({
    cart,
    session,
    currency,
    replaceCart,
    signedInEmail: customer?.email,
    firstSavedAddress: savedAddresses.addresses[0]?.address,
    focusField,
  });
  const { email, address, addressErrors, savingAddress, loadingOptions, emailRef, shippingRef } = details;
  const { setEmailError, setAddress, setAddressErrors, setShippingError, saveEmail, saveAddress } = details;

  // Every section is on one page, so "shown" cannot tell steps apart: a step counts once the cart
  // holds what its section asks for (saved email, address, method), and payment once the shopper
  // turns to it (focus inside the section) or places the order.
  const hasLines = (cart?.lines.length ?? 0) > 0;
  const hasEmail = Boolean(cart?.email);
  const hasAddress = Boolean(cart?.shippingAddress);
  const hasMethod = Boolean(cart?.shippingMethod);
  useEffect(() => {
    if (!hasLines) return;
    reportStep(session, "checkout_started");
    if (hasEmail) reportStep(session, "contact");
    if (hasAddress) reportStep(session, "address");
    if (hasMethod) reportStep(session, "shipping");
  }, [session, hasLines, hasEmail, hasAddress, hasMethod]);

  useEffect(() => {
    // Move focus to the message so keyboard and screen-reader users land on what went wrong.
    if (banner) bannerRef.current?.focus();
  }, [banner]);

  /** Validates every section, saves what changed and returns the re-read cart, or focuses the first problem. */
  const prepare = async (): Promise<Cart | null> => {
    const emailProblem = validateEmail(email);
    const addrProblems = validateAddress(address);
    const cardProblems = testCardNeeded ? validateCard(card) : {};
    setEmailError(emailProblem);
    setAddressErrors(addrProblems);
    setCardErrors(cardProblems);
    const firstAddress = addressFieldOrder.find((f) => addrProblems[f]);
    const firstCard = cardFieldOrder.find((f) => cardProblems[f]);
    if (emailProblem) emailRef.current?.focus();
    else if (firstAddress) focusField(firstAddress);
    else if (firstCard) focusField(firstCard);
    if (emailProblem || firstAddress || firstCard) return null;
    if (!(await saveEmail()) || !(await saveAddress(address, true))) return null;
    const fresh = await refresh();
    if (fresh && !fresh.shippingMethod) {
      setShippingError("Choose a shipping method.");
      shippingRef.current?.focus();
      return null;
    }
    return fresh;
  };

  /** Fits every short line to the stock left and says so; true when something had to change. */
  const resolveStock = async (
    current: Cart,
    shortages: { sku: string; available: number }[],
  ): Promise<boolean> => {
    if (!session || shortages.length === 0) return false;
    const fixes: StockFix[] = [];
    let latest = current;
    for (const s of shortages) {
      const fix = await fitLineToStock(latest, session.token, s.sku, s.available);
      if (fix) {
        fixes.push(fix);
        latest = fix.cart;
      }
    }
    replaceCart(latest);
    setBanner({
      tone: "warning",
      title: latest.lines.length === 0 ? "Your cart is now empty" : "We updated your cart",
      body: stockMessage(fixes),
    });
    return true;
  };

  const explain = (error: unknown, expected: Money) =>
    explainCompletionFailure(error, expected, {
      refresh,
      showBanner: setBanner,
      setCardErrors,
      setEmailError,
      setShippingError,
      setNewTotal,
      resolveStock,
    });

  /** Saves every section and checks the cart can be paid as shown; null after saying why not. */
  const readyToPay = async (): Promise<Cart | null> => {
    const ready = await prepare();
    if (!ready) return null;
    const shortages = ready.issues.flatMap((i) =>
      i.code === "insufficient_stock" ? [{ sku: i.sku ?? "", available: i.available ?? 0 }] : [],
    );
    if (await resolveStock(ready, shortages)) return null;
    // A price change is no reason to stop here: the total on screen goes with the order and the
    // server answers 409 price_changed if it moved, which asks the shopper to confirm the new one.
    if (ready.issues.some((i) => i.code !== "price_changed")) {
      setBanner({
        tone: "error",
        title: "Please review your cart",
        body: "Something in your cart changed; see the notes above the summary.",
      });
      return null;
    }
    return ready;
  };

  const paymentFor = (ready: Cart) =>
    choosePayment(
      ready,
      {
        payByTransfer,
        payByPayPal,
        purchaseOrderNumber: payByPurchaseOrder ? poNumber : undefined,
        stripeKey,
        card,
      },
      { showBanner: setBanner, setCardErrors, setPurchaseOrderError: setPoError, focusField },
    );

  /** Places the order; `approved` is a payment the shopper already approved elsewhere (PayPal). */
  const placeOrder = async (approved?: CheckoutPayment) => {
    // The ref, not the state, guards: two clicks in one frame both see placing=false.
    if (inFlight.current || !session || !cartRef.current) return;
    inFlight.current = true;
    reportStep(session, "payment");
    setPlacing(true);
    setBanner(null);
    // The total on screen is the one the shopper agreed to; the server refuses if it moved.
    const expected = cartRef.current.totals.total;
    try {
      const ready = await readyToPay();
      if (!ready) return;
      const payment = approved ?? (await paymentFor(ready));
      if (!payment) return;
      // 3-D Secure, when the bank asks, runs in a dialog and resumes the same attempt.
      const order = await completeWithChallenges(ready.id, session.token, payment, expected, challenge.run);
      // Signed-in shoppers find this address offered next time.
      await savedAddresses.remember(toAddress(address));
      rememberOrder(order);
      forgetCart();
      navigate(`/orders/${order.number}`, { replace: true });
    } catch (error) {
      await explain(error, expected);
    } finally {
      inFlight.current = false;
      setPlacing(false);
    }
  };

  /**
   * PayPal's createOrder: saves the checkout like placing an order, then starts a PayPal payment
   * for what the cart owes. Throwing closes PayPal's window; the banner says why.
   */
  const startPayPal = async (): Promise<string> => {
    if (inFlight.current || !session || !cartRef.current) throw new Error("checkout busy");
    inFlight.current = true;
    setPlacing(true);
    setBanner(null);
    const expected = cartRef.current.totals.total;
    try {
      const ready = await readyToPay();
      if (!ready) throw new Error("checkout not ready");
      return (await api.createPayPalOrder(ready.id, session.token)).id;
    } catch (error) {
      if (error instanceof ApiProblem) await explain(error, expected);
      payPalExplained.current = true;
      throw error;
    } finally {
      inFlight.current = false;
      setPlacing(false);
    }
  };

  if (!session || (cart && cart.lines.length === 0 && !banner)) {
    return (
      <section className="narrow">
        <h1 ref={heading} tabIndex={-1} className="page-title">
          Checkout
        </h1>
        <p>Your cart is empty.</p>
        <p>
          <Link href="/" className="button">
            Continue shopping
          </Link>
        </p>
      </section>
    );
  }

  const total = cart?.totals.total;
  const due = cart?.amountDue;
  // "Confirm" only while the changed total is still the one on screen.
  const confirming = newTotal && total && newTotal.amount === total.amount ? newTotal : null;
  const offered = {
    paypal: Boolean(paypalClientId),
    bankTransfer,
    purchaseOrderDays: poTerms?.netDays ?? null,
  };
  const choice =
    offered.paypal || offered.bankTransfer || offered.purchaseOrderDays !== null ? (
      <PaymentMethodChoice value={method} offered={offered} disabled={placing} onChange={setMethod} />
    ) : undefined;
  return (
    <div className="checkout">
      <h1 ref={heading} tabIndex={-1} className="page-title checkout__title">
        Checkout
      </h1>
      <div className="checkout__summary">
        {cart ? <CartIssues cart={cart} /> : null}
        {cart ? (
          <OrderSummary cart={cart} updating={savingAddress || placing || loadingOptions} />
        ) : (
          <div className="summary summary--loading" />
        )}
      </div>
      <form
        className="checkout__form"
        noValidate
        aria-label="Checkout"
        onSubmit={(e) => {
          e.preventDefault();
          void placeOrder();
        }}
      >
        <ContactSection
          email={email}
          error={details.emailError}
          inputRef={emailRef}
          onChange={(v) => {
            details.setEmail(v);
            if (details.emailError) setEmailError(validateEmail(v));
          }}
          onBlur={() => {
            if (email.trim()) void saveEmail();
          }}
          onError={(message) => {
            setEmailError(message);
            emailRef.current?.focus();
          }}
        />
        <AddressSection
          form={address}
          errors={addressErrors}
          saving={savingAddress}
          fieldRef={fieldRef}
          saved={
            <SavedAddressPicker
              addresses={savedAddresses.addresses}
              current={toAddress(address)}
              onPick={(picked) => {
                const form = fromAddress(picked, address.country);
                setAddress(form);
                setAddressErrors({});
                void saveAddress(form, false);
              }}
            />
          }
          onChange={(field, value) => {
            // A state of one country means nothing in another.
            const next = { ...address, [field]: value, ...(field === "country" ? { region: "" } : {}) };
            setAddress(next);
            // Re-check a field already marked wrong as the shopper fixes it; new errors wait for blur.
            if (addressErrors[field])
              setAddressErrors({ ...addressErrors, [field]: validateAddressField(field, next) });
            if (field === "country") void saveAddress(next, false);
          }}
          onBlur={(field) => {
            setAddressErrors((errs) => ({ ...errs, [field]: validateAddressField(field, address) }));
            void saveAddress(address, false);
          }}
        />
        <ShippingSection
          options={details.options}
          selectedId={cart?.shippingMethod?.id ?? null}
          selectedLocationId={cart?.pickupLocation?.id ?? null}
          loading={loadingOptions || savingAddress}
          error={details.shippingError}
          disabled={placing}
          firstRef={shippingRef}
          onSelect={(id, locationId) => void details.chooseMethod(id, locationId)}
        />
        {/* biome-ignore lint/a11y/noStaticElementInteractions: a passive focus listener for analytics; the section's own controls handle input. */}
        <div className="checkout__payment" onFocus={() => reportStep(session, "payment")}>
          {!options.loaded ? (
            <PaymentWithoutCard mode="loading" />
          ) : cardNeeded && stripeKey ? (
            <StripePaymentElement due={due} choice={choice} />
          ) : cardNeeded ? (
            <PaymentSection
              choice={choice}
              form={card}
              errors={cardErrors}
              disabled={placing}
              fieldRef={(f) => fieldRef(f)}
              onChange={(next) => {
                setCard(next);
                const touched = cardFieldOrder.filter((f) => cardErrors[f]);
                if (touched.length)
                  setCardErrors(Object.fromEntries(touched.map((f) => [f, validateCardField(f, next)])));
              }}
              onBlur={(f) => {
                if (card[f]) setCardErrors((errs) => ({ ...errs, [f]: validateCardField(f, card) }));
              }}
            />
          ) : (
            <PaymentWithoutCard
              mode={
                payByTransfer
                  ? "bank_transfer"
                  : payByPayPal
                    ? "paypal"
                    : payByPurchaseOrder
                      ? "purchase_order"
                      : "gift_card"
              }
              choice={choice}
            >
              <TextField
                id="purchase-order-number"
                label="Purchase order number"
                value={poNumber}
                maxLength={35}
                autoComplete="off"
                inputRef={fieldRef("purchase-order-number")}
                error={poError}
                hint={`We invoice your business account; payment is due ${poTerms?.netDays ?? 30} days after the order.`}
                disabled={placing}
                onChange={(e) => {
                  setPoNumber(e.target.value);
                  if (poError) setPoError(undefined);
                }}
              />
            </PaymentWithoutCard>
          )}
        </div>
        <PlaceOrderPanel
          banner={banner}
          bannerRef={bannerRef}
          cartEmpty={Boolean(cart && cart.lines.length === 0)}
          placing={placing}
          disabled={placing || !cart || cart.lines.length === 0}
          due={due}
          payByTransfer={payByTransfer}
          payByPurchaseOrder={payByPurchaseOrder}
          cardNeeded={cardNeeded}
          confirming={Boolean(confirming)}
          wallet={
            payByPayPal && paypalClientId && due ? (
              <PayPalButton
                clientId={paypalClientId}
                currency={due.currency}
                createOrder={startPayPal}
                onApprove={(orderId) => placeOrder({ provider: "paypal", token: orderId })}
                onError={(body) => {
                  if (!payPalExplained.current)
                    setBanner({ tone: "error", title: "PayPal payment failed", body });
                  payPalExplained.current = false;
                }}
              />
            ) : undefined
          }
        />
      </form>
      {challenge.dialog}
    </div>
  );
}
