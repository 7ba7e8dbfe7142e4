import { useEffect, useState } from "react";
import { api } from "../api/client.ts";
import { configureStripe } from "./stripe-payment.ts";

/** What the store's config offers beyond the test provider's card fields. */
export interface PaymentOptions {
  /** False until /store/payment-methods answered (or failed: then cards only). */
  loaded: boolean;
  bankTransfer: boolean;
  /** The store takes purchase orders (from business accounts enabled for them). */
  purchaseOrder: boolean;
  /** Set when Stripe takes the cards: its Payment Element replaces our card fields. */
  stripeKey?: string;
  /** Set when PayPal is offered: its button loads with this client id. */
  paypalClientId?: string;
}

/** Reads the offered payment methods once per checkout visit. */
export function usePaymentOptions(): PaymentOptions {
  const [options, setOptions] = useState<PaymentOptions>({
    loaded: false,
    bankTransfer: false,
    purchaseOrder: false,
  });
  useEffect(() => {
    let live = true;
    api
      .listPaymentMethods()
      .then(({ methods }) => {
        const stripeKey = methods.find((m) => m.provider === "stripe")?.publishableKey;
        const paypalClientId = methods.find((m) => m.provider === "paypal")?.clientId;
        if (stripeKey) configureStripe(stripeKey);
        if (live)
          setOptions({
            loaded: true,
            bankTransfer: methods.some((m) => m.kind === "bank_transfer"),
            purchaseOrder: methods.some((m) => m.kind === "purchase_order"),
            ...(stripeKey ? { stripeKey } : {}),
            ...(paypalClientId ? { paypalClientId } : {}),
          });
      })
      // Test cards work without this answer.
      .catch(() => live && setOptions({ loaded: true, bankTransfer: false, purchaseOrder: false }));
    return () => {
      live = false;
    };
  }, []);
  return options;
}
