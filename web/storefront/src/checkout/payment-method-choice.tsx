export type PaymentChoice = "card" | "bank_transfer";

interface ChoiceProps {
  value: PaymentChoice;
  disabled: boolean;
  onChange(next: PaymentChoice): void;
}

/** Card or bank transfer, shown only when the store accepts bank transfers. */
export function PaymentMethodChoice({ value, disabled, onChange }: ChoiceProps) {
  const option = (choice: PaymentChoice, name: string, detail: string) => (
    <label className={`option${value === choice ? " option--selected" : ""}`}>
      <input
        type="radio"
        name="payment-method"
        value={choice}
        checked={value === choice}
        disabled={disabled}
        onChange={() => onChange(choice)}
      />
      <span className="option__body">
        <span className="option__name">{name}</span>
        <span className="option__detail">{detail}</span>
      </span>
    </label>
  );
  return (
    <fieldset className="options payment__methods">
      <legend className="visually-hidden">Payment method</legend>
      {option("card", "Card", "Visa, Mastercard, American Express")}
      {option("bank_transfer", "Bank transfer", "Pay from your bank; we ship once the money arrives")}
    </fieldset>
  );
}

/** What happens with a bank transfer; the account and reference come with the confirmation. */
export function BankTransferNote() {
  return (
    <p className="notice notice--info">
      After you place the order you get our bank details and a payment reference, on the next page and by
      email. Your items are reserved until the due date shown there; quote the reference so we can match your
      payment.
    </p>
  );
}
