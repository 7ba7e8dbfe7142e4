import { describe, expect, it } from "vitest";
import type { CreditNote } from "./credit-note-pdf.ts";
import { renderRefundIssuedEmail, renderReturnLabelEmail } from "./return-emails.ts";
import { formatMoney, type StoreProfile } from "./store-profile.ts";

const store: StoreProfile = {
  name: "Laden & Co",
  address: ["Hauptstraße 1", "10115 Berlin"],
  locale: "de-DE",
  color: "#aa3300",
  url: "https://laden.example",
  mailFrom: "Laden <shop@laden.example>",
};

const note: CreditNote = {
  number: "CN-000042",
  issuedAt: "2026-11-21T10:00:00.000Z",
  invoiceNumber: "INV-000007",
  orderNumber: "CW-1007",
  returnNumber: "RMA-1003",
  currency: "EUR",
  pricesIncludeTax: true,
  refundedTo: "Visa •••• 4242",
  billTo: ["ada@example.com"],
  lines: [{ sku: "TEE-M", title: "Tee <M>", quantity: 1, net: 2185, tax: 415 }],
  shipping: null,
  taxes: [{ name: "VAT", ratePpm: 190_000, taxable: 2185, amount: 415 }],
  net: 2185,
  tax: 415,
  total: 2600,
};

describe("return emails", () => {
  it("words the refund in the store's locale: money, date, and the card it went to", () => {
    const email = renderRefundIssuedEmail(
      {
        returnNumber: "RMA-1003",
        orderNumber: "CW-1007",
        amount: 2600,
        currency: "EUR",
        method: "original_payment",
        creditNote: note,
        giftCardCode: null,
      },
      store,
    );
    const money = formatMoney(2600, "EUR", "de-DE");
    expect(money).toMatch(/^26,00\s€$/);
    expect(email.subject).toBe(`Laden & Co: refund of ${money} for order CW-1007`);
    expect(email.text).toContain("Visa •••• 4242");
    expect(email.text).toContain("21. November 2026");
    expect(email.text).toContain("Credit note CN-000042");
    expect(email.html).toContain("#aa3300");
    // Titles are escaped in HTML, never markup.
    expect(email.html).toContain("Tee &#60;M&#62;");
    expect(email.html).not.toContain("<M>");
  });

  it("shows a store credit code once, and the label email says what to send back", () => {
    const credit = renderRefundIssuedEmail(
      {
        returnNumber: "RMA-1003",
        orderNumber: "CW-1007",
        amount: 2600,
        currency: "EUR",
        method: "store_credit",
        creditNote: { ...note, refundedTo: "Store credit 1234" },
        giftCardCode: "ABCD-EFGH-IJKL-MNOP",
      },
      store,
    );
    expect(credit.text).toContain("Your code: ABCD-EFGH-IJKL-MNOP");
    expect(credit.text).toContain("as store credit");
    const label = renderReturnLabelEmail(
      {
        returnNumber: "RMA-1003",
        orderNumber: "CW-1007",
        carrier: "test",
        trackingNumber: "LT123456785DE",
        trackingUrl: "https://track.example/LT123456785DE",
        lines: [{ sku: "TEE-M", title: "Tee", quantity: 2 }],
      },
      store,
    );
    expect(label.subject).toBe("Laden & Co: return RMA-1003 for order CW-1007 approved");
    expect(label.text).toContain("2 × Tee (TEE-M)");
    expect(label.text).toContain("LT123456785DE");
    expect(label.html).toContain('href="https://track.example/LT123456785DE"');
  });
});
