import { useCallback, useEffect, useRef, useState } from "react";
import { ApiProblem, api, type CheckoutPayment } from "../api/client.ts";
import type { Cart, Money, ShippingChoice } from "../api/types.ts";
import { CartIssues } from "../components/cart-issues.tsx";
import { giftCardErrorMessage } from "../components/discount-messages.ts";
import { Link } from "../components/link.tsx";
import { formatMoney } from "../money.ts";
import { navigate, usePageTitle } from "../router.ts";
import { useAccount } from "../state/account.ts";
import { useCart } from "../state/cart-context.tsx";
import { reportStep } from "../state/checkout-funnel.ts";
import { AddressSection } from "./address-section.tsx";
import { ContactSection } from "./contact-section.tsx";
import { declineMessage } from "./messages.ts";
import { OrderSummary } from "./order-summary.tsx";
import { completeWithChallenges, usePaymentChallenge } from "./payment-challenge.tsx";
import { BankTransferNote, type PaymentChoice, PaymentMethodChoice } from "./payment-method-choice.tsx";
import { PaymentSection } from "./payment-section.tsx";
import { fitLineToStock, rememberOrder, type StockFix, stockMessage } from "./place-order.ts";
import { SavedAddressPicker, useSavedAddresses } from "./saved-addresses.tsx";
import { ShippingSection } from "./shipping-section.tsx";
import {
  type AddressField,
  type AddressForm,
  addressFieldOrder,
  asSentence,
  type CardField,
  type CardForm,
  cardFieldOrder,
  type Errors,
  fromAddress,
  toAddress,
  toCardInput,
  validateAddress,
  validateAddressField,
  validateCard,
  validateCardField,
  validateEmail,
} from "./validation.ts";

interface Banner {
  tone: "error" | "warning" | "info";
  title: string;
  body: string;
}

const cardFieldFromApi: Record<string, [CardField, string]> = {
  cardNumber: ["number", "Card number"],
  expMonth: ["expiry", "Expiry month"],
  expYear: ["expiry", "Expiry date"],
  cvc: ["cvc", "Security code"],
};

/**
 * Sent when the gift card pays everything: the API still requires a payment object, and the
 * gateway is never called when nothing is due.
 */
const giftCardOnlyToken = "gift_card_only";

const addressLabels: Record<string, string> = {
  firstName: "First name",
  lastName: "Last name",
  company: "Company",
  line1: "Address",
  line2: "Apartment",
  city: "City",
  region: "Region",
  postalCode: "Postal code",
  country: "Country",
  phone: "Phone",
};

export default function CheckoutPage() {
  const { cart, session, replaceCart, refresh, forgetCart, currency } = useCart();
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Checkout", heading);

  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState<string>();
  const [address, setAddress] = useState<AddressForm>(() =>
    fromAddress(null, currency === "EUR" ? "DE" : "US"),
  );
  const [addressErrors, setAddressErrors] = useState<Errors<AddressField>>({});
  const [savingAddress, setSavingAddress] = useState(false);
  const [options, setOptions] = useState<ShippingChoice[] | null>(null);
  const [loadingOptions, setLoadingOptions] = useState(false);
  const [shippingError, setShippingError] = useState<string>();
  const [card, setCard] = useState<CardForm>({ number: "", expiry: "", cvc: "" });
  const [cardErrors, setCardErrors] = useState<Errors<CardField>>({});
  const [placing, setPlacing] = useState(false);
  const [bankTransfer, setBankTransfer] = useState(false);
  const [method, setMethod] = useState<PaymentChoice>("card");
  const [banner, setBanner] = useState<Banner | null>(null);
  const [newTotal, setNewTotal] = useState<Money | null>(null);
  const challenge = usePaymentChallenge();
  const { customer } = useAccount();
  const savedAddresses = useSavedAddresses(customer);

  const saved = useRef({ email: null as string | null, address: null as string | null });
  const inFlight = useRef(false);
  const initialised = useRef(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const shippingRef = useRef<HTMLInputElement>(null);
  const bannerRef = useRef<HTMLDivElement>(null);
  const fields = useRef(new Map<string, HTMLInputElement | HTMLSelectElement>());
  const cartRef = useRef(cart);
  cartRef.current = cart;
  // A gift card covering everything leaves nothing for a card to pay: no card form then.
  const somethingDue = !cart || cart.amountDue.amount > 0;
  const payByTransfer = somethingDue && bankTransfer && method === "bank_transfer";
  const cardNeeded = somethingDue && !payByTransfer;

  useEffect(() => {
    // Only the merchant's config says whether bank transfer is offered; cards work without this.
    api
      .listPaymentMethods()
      .then((m) => setBankTransfer(m.methods.some((x) => x.kind === "bank_transfer")))
      .catch(() => setBankTransfer(false));
  }, []);

  const fieldRef = useCallback(
    (name: string) => (el: HTMLInputElement | HTMLSelectElement | null) => {
      if (el) fields.current.set(name, el);
      else fields.current.delete(name);
    },
    [],
  );

  const focusField = useCallback((name: string) => fields.current.get(name)?.focus(), []);

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

  const loadOptions = useCallback(
    async (current: Cart) => {
      if (!session) return;
      setLoadingOptions(true);
      try {
        const list = await api.listShippingOptions(current.id, session.token);
        setOptions(list);
        setShippingError(undefined);
        const chosen = current.shippingMethod && list.some((o) => o.id === current.shippingMethod?.id);
        // Pre-select the first (cheapest) method: one less decision, and the summary shows its price.
        if (!chosen && list[0])
          replaceCart(await api.setShippingMethod(current.id, session.token, list[0].id));
      } catch (error) {
        setShippingError(error instanceof ApiProblem ? error.message : "We couldn't load shipping options.");
      } finally {
        setLoadingOptions(false);
      }
    },
    [session, replaceCart],
  );

  // Fill the form once from what the cart already knows (a returning shopper, a reload).
  useEffect(() => {
    if (!cart || initialised.current) return;
    initialised.current = true;
    if (cart.email) {
      setEmail(cart.email);
      saved.current.email = cart.email;
    }
    if (cart.shippingAddress) {
      const form = fromAddress(cart.shippingAddress, "US");
      setAddress(form);
      saved.current.address = JSON.stringify(toAddress(form));
      void loadOptions(cart);
    }
  }, [cart, loadOptions]);

  const saveEmail = useCallback(async (): Promise<boolean> => {
    const error = validateEmail(email);
    setEmailError(error);
    if (error || !session) return !error;
    const value = email.trim();
    if (saved.current.email === value) return true;
    try {
      replaceCart(await api.setContact(session.cartId, session.token, value));
      saved.current.email = value;
      return true;
    } catch (e) {
      const fieldMessage = e instanceof ApiProblem ? e.fieldErrors().email : undefined;
      setEmailError(
        fieldMessage
          ? asSentence("Email", fieldMessage)
          : e instanceof ApiProblem
            ? e.message
            : "We couldn't save your email.",
      );
      return false;
    }
  }, [email, session, replaceCart]);

  const saveAddress = useCallback(
    async (form: AddressForm, showErrors: boolean): Promise<boolean> => {
      const errors = validateAddress(form);
      if (showErrors) setAddressErrors(errors);
      if (Object.keys(errors).length > 0 || !session) return false;
      const body = toAddress(form);
      const json = JSON.stringify(body);
      if (saved.current.address === json) return true;
      setSavingAddress(true);
      try {
        const next = await api.setShippingAddress(session.cartId, session.token, body);
        saved.current.address = json;
        replaceCart(next);
        setAddressErrors({});
        await loadOptions(next);
        return true;
      } catch (e) {
        if (e instanceof ApiProblem && e.problem.errors?.length) {
          const errors: Errors<AddressField> = {};
          for (const [field, message] of Object.entries(e.fieldErrors())) {
            if (field in addressLabels)
              errors[field as AddressField] = asSentence(addressLabels[field] ?? field, message);
          }
          setAddressErrors(errors);
          // Only a save the shopper asked for moves focus; a background save on blur must not.
          const first = addressFieldOrder.find((f) => errors[f]);
          if (showErrors && first) focusField(first);
          if (!first) setShippingError(e.message);
        } else setShippingError(e instanceof ApiProblem ? e.message : "We couldn't save your address.");
        return false;
      } finally {
        setSavingAddress(false);
      }
    },
    [session, replaceCart, loadOptions, focusField],
  );

  // Signing in fills what the account knows: its email, and its first saved address when the
  // shopper has not started typing one.
  const signedInEmail = customer?.email;
  useEffect(() => {
    if (signedInEmail) setEmail(signedInEmail);
  }, [signedInEmail]);
  useEffect(() => {
    if (signedInEmail && email === signedInEmail && saved.current.email !== email) void saveEmail();
  }, [signedInEmail, email, saveEmail]);
  const firstSaved = savedAddresses.addresses[0]?.address;
  const addressStarted = Boolean(address.line1.trim() || saved.current.address);
  useEffect(() => {
    if (!firstSaved || addressStarted) return;
    const form = fromAddress(firstSaved, "US");
    setAddress(form);
    void saveAddress(form, false);
  }, [firstSaved, addressStarted, saveAddress]);

  const chooseMethod = async (id: string, pickupLocationId?: string) => {
    if (!session) return;
    setShippingError(undefined);
    try {
      replaceCart(await api.setShippingMethod(session.cartId, session.token, id, pickupLocationId));
    } catch (e) {
      setShippingError(e instanceof ApiProblem ? e.message : "We couldn't choose that shipping method.");
    }
  };

  /** Validates every section, saves what changed and returns the re-read cart, or focuses the first problem. */
  const prepare = async (): Promise<Cart | null> => {
    const emailProblem = validateEmail(email);
    const addrProblems = validateAddress(address);
    const cardProblems = cardNeeded ? validateCard(card) : {};
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

  const tokenize = async () => {
    try {
      return await api.tokenizeCard(toCardInput(card));
    } catch (e) {
      if (e instanceof ApiProblem && e.problem.errors?.length) {
        const errors: Errors<CardField> = {};
        for (const [field, message] of Object.entries(e.fieldErrors())) {
          const entry = cardFieldFromApi[field];
          if (entry) errors[entry[0]] ??= asSentence(entry[1], message);
        }
        setCardErrors(errors);
        const first = cardFieldOrder.find((f) => errors[f]);
        if (first) focusField(first);
        else setBanner({ tone: "error", title: "Check your card details", body: e.message });
        return null;
      }
      const detail = e instanceof ApiProblem ? e.message : "Please try again.";
      setBanner({
        tone: "error",
        title:
          e instanceof ApiProblem && e.status === 404
            ? "Card payments are not available right now"
            : "We couldn't check your card",
        body: detail,
      });
      return null;
    }
  };

  const explain = async (error: unknown, expected: Money) => {
    if (!(error instanceof ApiProblem)) {
      setBanner({
        tone: "error",
        title: "Something went wrong",
        body: "Your order was not placed. Please try again.",
      });
      return;
    }
    const p = error.problem;
    switch (error.code) {
      case "payment_declined": {
        const { message, field } = declineMessage(String(p.declineReason ?? ""));
        if (field) setCardErrors({ [field]: message });
        setBanner({ tone: "error", title: "Payment declined", body: message });
        await refresh();
        return;
      }
      case "price_changed": {
        const fresh = await refresh();
        const total = (p.total as Money | undefined) ?? fresh?.totals.total ?? expected;
        setNewTotal(total);
        setBanner({
          tone: "warning",
          title: "Your total has changed",
          body: `Prices changed since you started: the total is now ${formatMoney(total)} instead of ${formatMoney(expected)}. You have not been charged. Review the summary and confirm to pay ${formatMoney(total)}.`,
        });
        return;
      }
      case "insufficient_stock": {
        const fresh = await refresh();
        if (fresh)
          await resolveStock(fresh, [{ sku: String(p.sku ?? ""), available: Number(p.available ?? 0) }]);
        return;
      }
      case "gift_card_not_found":
      case "gift_card_expired":
      case "gift_card_currency_mismatch":
      case "gift_card_insufficient_balance": {
        const fresh = await refresh();
        setBanner({
          tone: "error",
          title: "Your gift card could not be used",
          body: `${giftCardErrorMessage(error, fresh ?? undefined)} You have not been charged. Remove it or use another to continue.`,
        });
        return;
      }
      case "checkout_incomplete": {
        const steps = new Set((p.errors ?? []).map((e) => e.field));
        if (steps.has("email")) setEmailError("Enter your email address.");
        if (steps.has("shipping_method")) setShippingError("Choose a shipping method.");
        setBanner({ tone: "error", title: "A step is missing", body: error.message });
        return;
      }
      case "checkout_in_progress":
      case "payment_pending":
      case "idempotency_key_in_use":
        setBanner({
          tone: "info",
          title: "We're still confirming your payment",
          body: "Please don't pay again. This can take a minute; refresh the page to see your order.",
        });
        return;
      default:
        await refresh();
        setBanner({ tone: "error", title: "Your order was not placed", body: error.message });
    }
  };

  const placeOrder = async () => {
    // The ref, not the state, guards: two clicks in one frame both see placing=false.
    if (inFlight.current || !session || !cartRef.current) return;
    inFlight.current = true;
    reportStep(session, "payment");
    setPlacing(true);
    setBanner(null);
    // The total on screen is the one the shopper agreed to; the server refuses if it moved.
    const expected = cartRef.current.totals.total;
    try {
      const ready = await prepare();
      if (!ready) return;
      const shortages = ready.issues.flatMap((i) =>
        i.code === "insufficient_stock" ? [{ sku: i.sku ?? "", available: i.available ?? 0 }] : [],
      );
      if (await resolveStock(ready, shortages)) return;
      if (ready.issues.length > 0) {
        setBanner({
          tone: "error",
          title: "Please review your cart",
          body: "Something in your cart changed; see the notes above the summary.",
        });
        return;
      }
      let payment: CheckoutPayment = { provider: "test", token: giftCardOnlyToken };
      if (ready.amountDue.amount > 0 && payByTransfer) {
        payment = { provider: "bank_transfer" };
      } else if (ready.amountDue.amount > 0) {
        // The card form may have been hidden until now (a gift card removed, the total grew).
        const problems = validateCard(card);
        setCardErrors(problems);
        const firstCard = cardFieldOrder.find((f) => problems[f]);
        if (firstCard) {
          focusField(firstCard);
          return;
        }
        const token = await tokenize();
        if (!token) return;
        payment = { provider: "test", token: token.token };
      }
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
          error={emailError}
          inputRef={emailRef}
          onChange={(v) => {
            setEmail(v);
            if (emailError) setEmailError(validateEmail(v));
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
          options={options}
          selectedId={cart?.shippingMethod?.id ?? null}
          selectedLocationId={cart?.pickupLocation?.id ?? null}
          loading={loadingOptions || savingAddress}
          error={shippingError}
          disabled={placing}
          firstRef={shippingRef}
          onSelect={(id, locationId) => void chooseMethod(id, locationId)}
        />
        {/* biome-ignore lint/a11y/noStaticElementInteractions: a passive focus listener for analytics; the section's own controls handle input. */}
        <div className="checkout__payment" onFocus={() => reportStep(session, "payment")}>
          {cardNeeded ? (
            <PaymentSection
              choice={
                bankTransfer ? (
                  <PaymentMethodChoice value={method} disabled={placing} onChange={setMethod} />
                ) : undefined
              }
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
            <section className="step" aria-labelledby="payment-title">
              <h2 id="payment-title" className="step__title">
                <span className="step__number" aria-hidden="true">
                  4
                </span>
                Payment
              </h2>
              {payByTransfer ? (
                <>
                  <PaymentMethodChoice value={method} disabled={placing} onChange={setMethod} />
                  <BankTransferNote />
                </>
              ) : (
                <p className="notice notice--info">
                  Your gift card covers the whole order. No card is needed.
                </p>
              )}
            </section>
          )}
        </div>
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
                {cart && cart.lines.length === 0 ? (
                  <p>
                    <Link href="/">Continue shopping</Link>
                  </p>
                ) : null}
              </>
            ) : null}
          </div>
          <button
            type="submit"
            className="button button--primary button--block button--large"
            disabled={placing || !cart || cart.lines.length === 0}
            aria-describedby="place-order-note"
          >
            {placing
              ? "Placing your order…"
              : payByTransfer && due
                ? `Place order, pay ${formatMoney(due)} by transfer`
                : !cardNeeded
                  ? "Place order"
                  : confirming && due
                    ? `Confirm and pay ${formatMoney(due)}`
                    : due
                      ? `Pay ${formatMoney(due)}`
                      : "Pay"}
          </button>
          <p id="place-order-note" className="muted place-order__note">
            {cardNeeded
              ? "Your card is charged only when the order is placed. Card details go straight to the payment processor."
              : payByTransfer
                ? "Nothing is charged now: you pay by bank transfer after placing the order."
                : "Your gift card is charged only when the order is placed."}
          </p>
        </div>
      </form>
      {challenge.dialog}
    </div>
  );
}
