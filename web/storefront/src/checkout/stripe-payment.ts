/**
 * Stripe.js in the storefront: loaded from js.stripe.com only when the store offers Stripe (its
 * publishable key comes from /store/payment-methods), never bundled. This file is the network
 * boundary: everything past `window.Stripe` is Stripe's code, which tests cannot reach offline.
 */

/** The few Stripe.js calls the checkout makes (a subset of @stripe/stripe-js's types). */
export interface StripeJs {
  handleNextAction(options: {
    clientSecret: string;
  }): Promise<{ paymentIntent?: { status: string }; error?: { message?: string } }>;
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
