import type { Ref } from "react";
import type { PickupLocation, ShippingChoice } from "../api/types.ts";
import { Price } from "../components/price.tsx";
import { deliveryWindow } from "./delivery.ts";

interface ShippingProps {
  options: ShippingChoice[] | null;
  selectedId: string | null;
  /** The chosen store when the selected method is a pickup method. */
  selectedLocationId: string | null;
  loading: boolean;
  error: string | undefined;
  disabled: boolean;
  firstRef: Ref<HTMLInputElement>;
  onSelect(id: string, pickupLocationId?: string): void;
}

/** One radio per delivery method, and one per store of a pickup method. */
interface Row {
  key: string;
  option: ShippingChoice;
  location?: PickupLocation;
}

const readyDate = new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric" });

/** "Wed, Mar 11" from the API's local ISO date, read as that calendar day wherever the browser is. */
const formatReady = (isoDate: string) => readyDate.format(new Date(`${isoDate}T12:00:00`));

export function ShippingSection({
  options,
  selectedId,
  selectedLocationId,
  loading,
  error,
  disabled,
  firstRef,
  onSelect,
}: ShippingProps) {
  const rows: Row[] = (options ?? []).flatMap((option) =>
    option.kind === "pickup"
      ? option.pickupLocations.map((location) => ({ key: `${option.id}:${location.id}`, option, location }))
      : [{ key: option.id, option }],
  );
  const isSelected = (row: Row) =>
    row.option.id === selectedId && (!row.location || row.location.id === selectedLocationId);
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
          {rows.map((row, i) => {
            const { option: o, location } = row;
            const window = deliveryWindow(o.minTransitDays, o.maxTransitDays);
            return (
              <label key={row.key} className={`option${isSelected(row) ? " option--selected" : ""}`}>
                <input
                  type="radio"
                  name="shipping-method"
                  value={row.key}
                  ref={i === 0 ? firstRef : undefined}
                  checked={isSelected(row)}
                  disabled={disabled}
                  onChange={() => onSelect(o.id, location?.id)}
                />
                {location ? (
                  <span className="option__body">
                    <span className="option__name">
                      {o.name}: {location.name}
                    </span>
                    <span className="option__detail">
                      {location.address.line1}, {location.address.city}
                      {location.readyFrom
                        ? ` · ready for pickup from ${formatReady(location.readyFrom)}`
                        : ""}
                    </span>
                  </span>
                ) : (
                  <span className="option__body">
                    <span className="option__name">{o.name}</span>
                    <span className="option__detail">
                      {window.days} · arrives {window.dates}
                    </span>
                  </span>
                )}
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
