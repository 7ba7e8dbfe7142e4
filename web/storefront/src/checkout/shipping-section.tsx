import type { Ref } from "react";
import type { ShippingOption } from "../api/types.ts";
import { Price } from "../components/price.tsx";
import { deliveryWindow } from "./delivery.ts";

interface ShippingProps {
  options: ShippingOption[] | null;
  selectedId: string | null;
  loading: boolean;
  error: string | undefined;
  disabled: boolean;
  firstRef: Ref<HTMLInputElement>;
  onSelect(id: string): void;
}

export function ShippingSection({
  options,
  selectedId,
  loading,
  error,
  disabled,
  firstRef,
  onSelect,
}: ShippingProps) {
  return (
    <section className="step" aria-labelledby="shipping-title">
      <h2 id="shipping-title" className="step__title">
        <span className="step__number" aria-hidden="true">
          3
        </span>
        Shipping method
      </h2>
      {options === null ? (
        <p className="muted step__placeholder">
          {loading ? "Finding shipping options…" : "Enter your address to see shipping options."}
        </p>
      ) : options.length === 0 ? (
        <p className="notice notice--warning">We don't ship to this address yet. Try another country.</p>
      ) : (
        <fieldset className="options" aria-describedby={error ? "shipping-error" : undefined}>
          <legend className="visually-hidden">Shipping method</legend>
          {options.map((o, i) => {
            const window = deliveryWindow(o.minTransitDays, o.maxTransitDays);
            return (
              <label key={o.id} className={`option${o.id === selectedId ? " option--selected" : ""}`}>
                <input
                  type="radio"
                  name="shipping-method"
                  value={o.id}
                  ref={i === 0 ? firstRef : undefined}
                  checked={o.id === selectedId}
                  disabled={disabled}
                  onChange={() => onSelect(o.id)}
                />
                <span className="option__body">
                  <span className="option__name">{o.name}</span>
                  <span className="option__detail">
                    {window.days} · arrives {window.dates}
                  </span>
                </span>
                <Price money={o.price} className="option__price" />
              </label>
            );
          })}
        </fieldset>
      )}
      <p className="field__error" id="shipping-error" role={error ? "alert" : undefined}>
        {error ?? ""}
      </p>
    </section>
  );
}
