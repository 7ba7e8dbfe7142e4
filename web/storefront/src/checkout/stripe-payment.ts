/**
 * Stripe.js in the storefront: loaded from js.stripe.com only when the store offers Stripe (its
 * publishable key comes from /store/payment-methods), never bundled. This file is the network
 * boundary: everything past `window.Stripe` is Stripe's code, which tests cannot reach offline.
 */

interface StripeError {
  message?: string;
}

/** Elements in deferred-intent mode: the PaymentIntent is created by our server at completion. */
export interface StripeElements {
  create(
    type: "payment",
    options?: Record<string, unknown>,
  ): { mount(el: HTMLElement): void; destroy(): void };
  update(options: { amount: number; currency: string }): void;
  submit(): Promise<{ error?: StripeError }>;
}

/** The few Stripe.js calls the checkout makes (a subset of @stripe/stripe-js's types). */
export interface StripeJs {
  elements(options: Record<string, unknown>): StripeElements;
  createPaymentMethod(options: {
    elements: StripeElements;
  }): Promise<{ paymentMethod?: { id: string }; error?: StripeError }>;
  handleNextAction(options: {
    clientSecret: string;
  }): Promise<{ paymentIntent?: { status: string }; error?: StripeError }>;
}

type StripeFactory = (publishableKey: string) => StripeJs;

const stripeJsUrl = "https://js.stripe.com/v3/";
let loaded: Promise<StripeJs> | undefined;
let publishable: string | undefined;

/** Remembers the publishable key; Stripe.js loads on first use. */
export function configureStripe(publishableKey: string): void {
  publishable = publishableKey;
}

/** Loads Stripe.js once (a script tag, as Stripe requires) and returns the client. */
export function loadStripe(): Promise<StripeJs> {
  if (!publishable) return Promise.reject(new Error("Stripe is not configured"));
  const key = publishable;
  loaded ??= new Promise<StripeJs>((resolve, reject) => {
    const existing = (window as unknown as { Stripe?: StripeFactory }).Stripe;
    if (existing) return resolve(existing(key));
    const script = document.createElement("script");
    script.src = stripeJsUrl;
    script.async = true;
    script.onload = () => {
      const factory = (window as unknown as { Stripe?: StripeFactory }).Stripe;
      if (factory) resolve(factory(key));
      else reject(new Error("Stripe.js did not load"));
    };
    script.onerror = () => {
      loaded = undefined; // a later attempt may succeed
      reject(new Error("Stripe.js could not be loaded"));
    };
    document.head.append(script);
  });
  return loaded;
}

/**
 * Runs Stripe's 3-D Secure step for a PaymentIntent in `requires_action` (Stripe shows its own
 * modal). Authorized intents come back `requires_capture` (manual capture); anything else is a
 * failed check, which the server confirms as a decline when the cart is completed again.
 */
export async function runStripeAction(clientSecret: string): Promise<"approved" | "failed" | "cancelled"> {
  let stripe: StripeJs;
  try {
    stripe = await loadStripe();
  } catch {
    return "cancelled";
  }
  const result = await stripe.handleNextAction({ clientSecret });
  if (result.error) return "failed";
  const status = result.paymentIntent?.status;
  return status === "requires_capture" || status === "succeeded" ? "approved" : "failed";
}

/**
 * The Payment Element in the checkout, once mounted: the one place that can turn what the
 * shopper entered into a PaymentMethod. One checkout page at a time, so one is enough.
 */
let mounted: { stripe: StripeJs; elements: StripeElements } | undefined;

/**
 * Mounts the Payment Element into `el` for `amount` (minor units, as Stripe counts them) with
 * manual capture and manual PaymentMethod creation, matching the server's PaymentIntent. Returns
 * the unmount; rejects when Stripe.js cannot load.
 */
export async function mountPaymentElement(
  el: HTMLElement,
  amount: number,
  currency: string,
): Promise<() => void> {
  const stripe = await loadStripe();
  const elements = stripe.elements({
    mode: "payment",
    amount,
    currency: currency.toLowerCase(),
    captureMethod: "manual",
    paymentMethodCreation: "manual",
  });
  const element = elements.create("payment");
  element.mount(el);
  mounted = { stripe, elements };
  return () => {
    element.destroy();
    if (mounted?.elements === elements) mounted = undefined;
  };
}

/** Keeps the Payment Element's amount in step with the cart (wallet sheets show it). */
export function updatePaymentElement(amount: number, currency: string): void {
  mounted?.elements.update({ amount, currency: currency.toLowerCase() });
}

/**
 * Validates the Payment Element and creates a PaymentMethod (pm_…): the token the cart is
 * completed with. Card data stays inside Stripe's frames.
 */
export async function createStripePaymentMethod(): Promise<
  { ok: true; id: string } | { ok: false; message: string }
> {
  if (!mounted) return { ok: false, message: "The card form is still loading. Please try again." };
  const { stripe, elements } = mounted;
  const submitted = await elements.submit();
  if (submitted.error) return { ok: false, message: submitted.error.message ?? "Check your card details." };
  const created = await stripe.createPaymentMethod({ elements });
  if (created.error || !created.paymentMethod)
    return { ok: false, message: created.error?.message ?? "Your card could not be used." };
  return { ok: true, id: created.paymentMethod.id };
}
