import type { PaymentInstructions } from "../api/types.ts";
import { Price } from "./price.tsx";

/** "RF18539007547034" → "RF18 5390 0754 7034": how banking apps and invoices print it. */
const inFours = (s: string) => s.replace(/(.{4})(?=.)/g, "$1 ");

function dueDate(iso: string): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeZone: "UTC" }).format(
    new Date(`${iso}T00:00:00Z`),
  );
}

/** What to transfer, where to, with which reference and by when (bank transfer, invoice). */
export function BankTransferDetails({ instructions: i }: { instructions: PaymentInstructions }) {
  const invoice = i.purchaseOrderNumber !== null;
  return (
    <section className="panel bank-transfer" aria-labelledby="pay-title">
      <h2 id="pay-title">{invoice ? "Invoice" : "Pay by bank transfer"}</h2>
      <p>
        {invoice
          ? `Please pay within ${i.netDays ?? 0} days, quoting the reference.`
          : "We ship once your transfer arrives. Quote the reference exactly so we can match it."}
      </p>
      <dl className="bank-transfer__details">
        <dt>Amount</dt>
        <dd>
          <Price money={i.amount} />
        </dd>
        {i.payTo ? (
          <>
            <dt>Account holder</dt>
            <dd>{i.payTo.accountName}</dd>
            <dt>IBAN</dt>
            <dd className="bank-transfer__code">{inFours(i.payTo.iban)}</dd>
            <dt>BIC</dt>
            <dd className="bank-transfer__code">{i.payTo.bic}</dd>
          </>
        ) : null}
        <dt>Reference</dt>
        <dd className="bank-transfer__code">{inFours(i.reference)}</dd>
        <dt>{invoice ? "Due" : "Pay by"}</dt>
        <dd>{dueDate(i.dueOn)}</dd>
        {invoice ? (
          <>
            <dt>Your purchase order</dt>
            <dd>{i.purchaseOrderNumber}</dd>
          </>
        ) : null}
      </dl>
      {invoice ? null : (
        <p className="muted">Orders not paid by then are cancelled and the items released.</p>
      )}
    </section>
  );
}
