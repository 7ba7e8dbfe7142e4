import { type ReactNode, useEffect, useRef, useState } from "react";
import type { Money } from "../api/types.ts";
import { mountPaymentElement, updatePaymentElement } from "./stripe-payment.ts";

/**
 * Card (and wallet) entry through Stripe's Payment Element, in place of the test provider's
 * fields: the inputs live in Stripe's frames, so nothing of the card reaches this page.
 */
export function StripePaymentElement({ due, choice }: { due: Money | undefined; choice?: ReactNode }) {
  const container = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  // Mounted once per currency; the amount follows the cart without remounting the shopper's input.
  const currency = due?.currency;
  const amount = due?.amount;
  const amountRef = useRef(amount);
  amountRef.current = amount;

  useEffect(() => {
    const el = container.current;
    if (!el || !currency) return;
    let live = true;
    let unmount: (() => void) | undefined;
    mountPaymentElement(el, amountRef.current ?? 0, currency)
      .then((done) => {
        if (live) {
          unmount = done;
          setState("ready");
        } else done();
      })
      .catch(() => live && setState("failed"));
    return () => {
      live = false;
      unmount?.();
    };
  }, [currency]);

  useEffect(() => {
    if (state === "ready" && currency && amount !== undefined && amount > 0)
      updatePaymentElement(amount, currency);
  }, [state, amount, currency]);

  return (
    <section className="step" aria-labelledby="payment-title">
      <h2 id="payment-title" className="step__title">
        <span className="step__number" aria-hidden="true">
          4
        </span>
        Payment
      </h2>
      {choice}
      {state === "loading" ? <p className="muted">Loading the secure card form…</p> : null}
      {state === "failed" ? (
        <p className="notice notice--error" role="alert">
          The card form could not be loaded. Check your connection and reload the page.
        </p>
      ) : null}
      <div ref={container} className="stripe-payment-element" />
    </section>
  );
}
