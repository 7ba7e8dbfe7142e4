import { describe, expect, it } from "vitest";
import { brandOf, checkCard, isLuhnValid } from "./card-number.ts";

const now = new Date("2030-06-15T12:00:00Z");
const card = (cardNumber: string, extra: Partial<{ expMonth: number; expYear: number; cvc: string }> = {}) =>
  checkCard({ cardNumber, expMonth: 12, expYear: 2031, cvc: "123", ...extra }, now);

describe("card number rules", () => {
  it("accepts Luhn-valid numbers and refuses one changed digit", () => {
    expect(isLuhnValid("4242424242424242")).toBe(true);
    expect(isLuhnValid("378282246310005")).toBe(true);
    expect(isLuhnValid("4242424242424241")).toBe(false);
  });

  it.each([
    ["4242424242424242", "visa"],
    ["5555555555554444", "mastercard"],
    ["2223003122003222", "mastercard"],
    ["378282246310005", "amex"],
    ["6011111111111117", "discover"],
    ["3566002020360505", "jcb"],
    ["36227206271667", "diners"],
    ["6200000000000005", "unionpay"],
  ])("names the brand of %s as %s", (number, brand) => {
    expect(brandOf(number)?.brand).toBe(brand);
    expect(card(number, brand === "amex" ? { cvc: "1234" } : {})).toMatchObject({ ok: true, brand });
  });

  it("keeps the last four digits and ignores spaces and dashes", () => {
    expect(card("4242 4242-4242 4242")).toEqual({
      ok: true,
      digits: "4242424242424242",
      brand: "visa",
      last4: "4242",
    });
  });

  it("refuses a number failing Luhn with a field error", () => {
    expect(card("4242424242424241")).toEqual({
      ok: false,
      errors: [{ field: "cardNumber", code: "invalid_number", message: "is not a valid card number" }],
    });
  });

  it("accepts a card through the last day of its expiry month and refuses it after", () => {
    expect(card("4242424242424242", { expMonth: 6, expYear: 2030 }).ok).toBe(true);
    expect(card("4242424242424242", { expMonth: 5, expYear: 2030 })).toMatchObject({
      ok: false,
      errors: [{ field: "expYear", code: "expired" }],
    });
    expect(card("4242424242424242", { expMonth: 13 })).toMatchObject({
      ok: false,
      errors: [{ field: "expMonth" }],
    });
  });

  it("wants four CVC digits for amex and three for the others", () => {
    expect(card("378282246310005", { cvc: "123" })).toMatchObject({ ok: false, errors: [{ field: "cvc" }] });
    expect(card("4242424242424242", { cvc: "1234" })).toMatchObject({
      ok: false,
      errors: [{ field: "cvc" }],
    });
  });
});
