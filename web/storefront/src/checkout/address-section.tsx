import { type ReactNode, useMemo } from "react";
import { SelectField, TextField } from "../components/field.tsx";
import { regionLists } from "./regions.ts";
import {
  type AddressField,
  type AddressForm,
  type Errors,
  isPostalOptional,
  isRegionRequired,
  postalLabel,
  regionLabel,
} from "./validation.ts";

/** Countries the demo store ships to; names come from Intl so no country data ships in the bundle. */
const shipsTo = [
  "US",
  "CA",
  "GB",
  "AT",
  "BE",
  "DE",
  "DK",
  "ES",
  "FI",
  "FR",
  "IE",
  "IT",
  "LU",
  "NL",
  "PL",
  "PT",
  "SE",
  "AU",
  "NZ",
  "JP",
  "CH",
  "NO",
];

interface AddressProps {
  form: AddressForm;
  errors: Errors<AddressField>;
  saving: boolean;
  fieldRef(field: AddressField): (el: HTMLInputElement | HTMLSelectElement | null) => void;
  onChange(field: AddressField, value: string): void;
  onBlur(field: AddressField): void;
  /** The signed-in shopper's saved addresses, offered above the form. */
  saved?: ReactNode;
}

export function AddressSection({ form, errors, saving, fieldRef, onChange, onBlur, saved }: AddressProps) {
  const countries = useMemo(() => {
    const names = new Intl.DisplayNames(undefined, { type: "region" });
    return shipsTo
      .map((code) => ({ code, name: names.of(code) ?? code }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }, []);
  const regions = regionLists[form.country];
  const text = (
    field: AddressField,
    label: string,
    autoComplete: string,
    extra: { optional?: boolean; className?: string } = {},
  ) => (
    <TextField
      id={field}
      label={label}
      autoComplete={autoComplete}
      value={form[field]}
      error={errors[field]}
      inputRef={fieldRef(field)}
      onChange={(e) => onChange(field, e.target.value)}
      onBlur={() => onBlur(field)}
      {...extra}
    />
  );
  return (
    <section className="step" aria-labelledby="address-title" aria-busy={saving}>
      <h2 id="address-title" className="step__title">
        <span className="step__number" aria-hidden="true">
          2
        </span>
        Shipping address
      </h2>
      <div className="grid grid--2">
        {saved}
        <SelectField
          id="country"
          label="Country"
          autoComplete="country"
          className="span-2"
          value={form.country}
          error={errors.country}
          selectRef={fieldRef("country")}
          onChange={(e) => onChange("country", e.target.value)}
          onBlur={() => onBlur("country")}
        >
          {countries.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </SelectField>
        {text("firstName", "First name", "given-name")}
        {text("lastName", "Last name", "family-name")}
        {text("line1", "Address", "address-line1", { className: "span-2" })}
        {text("line2", "Apartment, suite, etc.", "address-line2", { optional: true, className: "span-2" })}
        {text("city", "City", "address-level2")}
        {regions ? (
          <SelectField
            id="region"
            label={regionLabel(form.country)}
            autoComplete="address-level1"
            value={form.region.toUpperCase()}
            error={errors.region}
            selectRef={fieldRef("region")}
            onChange={(e) => onChange("region", e.target.value)}
            onBlur={() => onBlur("region")}
          >
            <option value="">Choose…</option>
            {Object.entries(regions).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </SelectField>
        ) : (
          text("region", regionLabel(form.country), "address-level1", {
            optional: !isRegionRequired(form.country),
          })
        )}
        {text("postalCode", postalLabel(form.country), "postal-code", {
          optional: isPostalOptional(form.country),
        })}
        <TextField
          id="phone"
          label="Phone"
          type="tel"
          autoComplete="tel"
          optional
          value={form.phone}
          error={errors.phone}
          inputRef={fieldRef("phone")}
          hint="In case the courier needs to reach you."
          onChange={(e) => onChange("phone", e.target.value)}
          onBlur={() => onBlur("phone")}
        />
      </div>
    </section>
  );
}
