export type PaymentChoice = "card" | "paypal" | "bank_transfer" | "purchase_order";

interface ChoiceProps {
  value: PaymentChoice;
  /** What the store offers besides cards; the choice shows only when there is something. */
  /** `purchaseOrderDays`: the account's net days when it may pay by purchase order. */
  offered: { paypal: boolean; bankTransfer: boolean; purchaseOrderDays: number | null };
  disabled: boolean;
  onChange(next: PaymentChoice): void;
}

/** Card, PayPal, bank transfer or purchase order, shown only when the store accepts more than cards. */
export function PaymentMethodChoice({ value, offered, disabled, onChange }: ChoiceProps) {
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
      {offered.paypal ? option("paypal", "PayPal", "Pay with your PayPal account") : null}
      {offered.bankTransfer
        ? option("bank_transfer", "Bank transfer", "Pay from your bank; we ship once the money arrives")
        : null}
      {offered.purchaseOrderDays !== null
        ? option(
            "purchase_order",
            "Purchase order",
            `On invoice to your business account, due ${offered.purchaseOrderDays} days after the order`,
          )
        : null}
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
