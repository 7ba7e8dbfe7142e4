import { useEffect, useRef, useState } from "react";
import { loadPayPal, type PayPalButtonOptions } from "./paypal-sdk.ts";

interface Props {
  clientId: string;
  currency: string;
  /** Saves the checkout and starts a PayPal order for it; throws when the form is not ready. */
  createOrder(): Promise<string>;
  /** Completes the cart with the approved PayPal order. */
  onApprove(orderId: string): Promise<void>;
  onError(message: string): void;
}

/**
 * PayPal's own button, in place of "Place order": the buyer approves in PayPal's window, then
 * the cart is completed with the approved order's id. The latest callbacks are read through a
 * ref so the button is rendered once per currency, not on every keystroke.
 */
export function PayPalButton({ clientId, currency, createOrder, onApprove, onError }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const latest = useRef({ createOrder, onApprove, onError });
  latest.current = { createOrder, onApprove, onError };
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");

  useEffect(() => {
    let live = true;
    const el = container.current;
    if (!el) return;
    setState("loading");
    const options: PayPalButtonOptions = {
      style: { layout: "horizontal", label: "pay", tagline: "false" },
      createOrder: () => latest.current.createOrder(),
      onApprove: (data) => latest.current.onApprove(data.orderID),
      onError: () => latest.current.onError("PayPal could not take the payment. Please try again."),
    };
    loadPayPal(clientId, currency)
      .then((paypal) => {
        if (!live) return;
        el.replaceChildren();
        return paypal
          .Buttons(options)
          .render(el)
          .then(() => live && setState("ready"));
      })
      .catch(() => live && setState("failed"));
    return () => {
      live = false;
      el.replaceChildren();
    };
  }, [clientId, currency]);

  return (
    <div className="paypal-button">
      {state === "loading" ? <p className="muted">Loading PayPal…</p> : null}
      {state === "failed" ? (
        <p className="notice notice--error" role="alert">
          PayPal could not be loaded. Check your connection or choose another payment method.
        </p>
      ) : null}
      <div ref={container} />
    </div>
  );
}
