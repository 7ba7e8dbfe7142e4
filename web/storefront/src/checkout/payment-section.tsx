import type { ReactNode } from "react";
import { TextField } from "../components/field.tsx";
import { BankTransferNote } from "./payment-method-choice.tsx";
import {
  type CardField,
  type CardForm,
  cardBrand,
  type Errors,
  formatCardNumber,
  formatExpiry,
} from "./validation.ts";

interface PaymentProps {
  form: CardForm;
  errors: Errors<CardField>;
  disabled: boolean;
  fieldRef(field: CardField): (el: HTMLInputElement | null) => void;
  onChange(form: CardForm): void;
  onBlur(field: CardField): void;
  /** The card, PayPal or bank-transfer choice, when the store offers more than cards. */
  choice?: ReactNode;
}

/** Card fields. Their values go to the tokenizer only; the order call carries just the token. */
export function PaymentSection({ form, errors, disabled, fieldRef, onChange, onBlur, choice }: PaymentProps) {
  const brand = cardBrand(form.number);
  return (
    <section className="step" aria-labelledby="payment-title">
      <h2 id="payment-title" className="step__title">
        <span className="step__number" aria-hidden="true">
          4
        </span>
        Payment
      </h2>
      {choice}
      <p className="muted payment__note">
        Test mode: use card 4242 4242 4242 4242 with any future date and any CVC. 4000 0000 0000 0002 is
        declined.
      </p>
      <div className="card-fields">
        <TextField
          id="cardNumber"
          label="Card number"
          className="card-fields__number"
          inputMode="numeric"
          autoComplete="cc-number"
          placeholder="1234 1234 1234 1234"
          maxLength={23}
          value={form.number}
          error={errors.number}
          disabled={disabled}
          inputRef={fieldRef("number")}
          hint={brand ? <span aria-live="polite">{brand}</span> : <span aria-hidden="true">&nbsp;</span>}
          onChange={(e) => onChange({ ...form, number: formatCardNumber(e.target.value) })}
          onBlur={() => onBlur("number")}
        />
        <TextField
          id="cardExpiry"
          label="Expiry date"
          inputMode="numeric"
          autoComplete="cc-exp"
          placeholder="MM / YY"
          maxLength={7}
          value={form.expiry}
          error={errors.expiry}
          disabled={disabled}
          inputRef={fieldRef("expiry")}
          onChange={(e) => onChange({ ...form, expiry: formatExpiry(e.target.value, form.expiry) })}
          onBlur={() => onBlur("expiry")}
        />
        <TextField
          id="cardCvc"
          label="Security code"
          inputMode="numeric"
          autoComplete="cc-csc"
          placeholder="CVC"
          maxLength={4}
          value={form.cvc}
          error={errors.cvc}
          disabled={disabled}
          inputRef={fieldRef("cvc")}
          onChange={(e) => onChange({ ...form, cvc: e.target.value.replace(/\D/g, "").slice(0, 4) })}
          onBlur={() => onBlur("cvc")}
        />
      </div>
    </section>
  );
}

/**
 * The payment step when no card is asked for: paying by bank transfer or with PayPal (the choice
 * stays, to go back to a card), or a gift card that covers the whole order.
 */
export function PaymentWithoutCard({
  mode,
  choice,
  children,
}: {
  mode: "bank_transfer" | "paypal" | "purchase_order" | "gift_card" | "loading";
  choice?: ReactNode;
  /** The purchase-order number field, in purchase_order mode. */
  children?: ReactNode;
}) {
  return (
    <section className="step" aria-labelledby="payment-title">
      <h2 id="payment-title" className="step__title">
        <span className="step__number" aria-hidden="true">
          4
        </span>
        Payment
      </h2>
      {mode === "loading" ? (
        <p className="muted">Loading payment methods…</p>
      ) : mode === "gift_card" ? (
        <p className="notice notice--info">Your gift card covers the whole order. No card is needed.</p>
      ) : (
        <>
          {choice}
          {mode === "bank_transfer" ? (
            <BankTransferNote />
          ) : mode === "purchase_order" ? (
            children
          ) : (
            <p className="notice notice--info">
              Use the PayPal button below: you log in to PayPal in its own window to approve the payment.
            </p>
          )}
        </>
      )}
    </section>
  );
}
