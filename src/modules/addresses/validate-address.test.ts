import { describe, expect, it } from "vitest";
import { type PostalAddress, validateAddress } from "./validate-address.ts";

const anAddress = (overrides: Partial<PostalAddress>): PostalAddress => ({
  firstName: "Ada",
  lastName: "Lovelace",
  line1: "1 Example Street",
  city: "Somewhere",
  postalCode: "",
  country: "US",
  ...overrides,
});

const errorsOf = (a: PostalAddress) => {
  const r = validateAddress(a, "shippingAddress");
  return r.ok ? [] : (r.failure.errors ?? []).map((e) => `${e.field}:${e.code}`);
};

describe("address validation per country", () => {
  it.each<[string, Partial<PostalAddress>]>([
    ["US", { region: "IL", postalCode: "62701" }],
    ["US ZIP+4", { region: "NY", postalCode: "10001-1234" }],
    ["CA", { country: "CA", region: "ON", postalCode: "M5V 3L9" }],
    ["GB", { country: "GB", postalCode: "SW1A 1AA" }],
    ["DE", { country: "DE", postalCode: "10115" }],
    ["FR", { country: "FR", postalCode: "75008" }],
    ["NL", { country: "NL", postalCode: "1012 AB" }],
    ["IE with Eircode", { country: "IE", postalCode: "D02 X285" }],
    ["IE without one", { country: "IE", postalCode: "" }],
    ["AU", { country: "AU", region: "NSW", postalCode: "2000" }],
    ["JP", { country: "JP", region: "Tokyo", postalCode: "100-0001" }],
    ["HK without a postal code", { country: "HK", postalCode: "" }],
    ["SE", { country: "SE", postalCode: "114 55" }],
    ["PL", { country: "PL", postalCode: "00-950" }],
    ["BR", { country: "BR", region: "SP", postalCode: "01310-100" }],
  ])("accepts a valid %s address", (_name, overrides) => {
    expect(errorsOf(anAddress(overrides))).toEqual([]);
  });

  it.each<[string, Partial<PostalAddress>, string[]]>([
    ["a US address without a state", { postalCode: "62701" }, ["shippingAddress.region:required"]],
    [
      "a US address with an unknown state",
      { region: "ZZ", postalCode: "62701" },
      ["shippingAddress.region:unknown_region"],
    ],
    ["a short US ZIP", { region: "IL", postalCode: "6270" }, ["shippingAddress.postalCode:invalid_format"]],
    [
      "a Canadian ZIP code",
      { country: "CA", region: "ON", postalCode: "12345" },
      ["shippingAddress.postalCode:invalid_format"],
    ],
    [
      "an Australian address without a state",
      { country: "AU", postalCode: "2000" },
      ["shippingAddress.region:required"],
    ],
    ["a German address without a postal code", { country: "DE" }, ["shippingAddress.postalCode:required"]],
    [
      "a German four-digit postal code",
      { country: "DE", postalCode: "1011" },
      ["shippingAddress.postalCode:invalid_format"],
    ],
    [
      "a British postal code in the wrong shape",
      { country: "GB", postalCode: "12345" },
      ["shippingAddress.postalCode:invalid_format"],
    ],
    [
      "a Dutch postal code without letters",
      { country: "NL", postalCode: "1012" },
      ["shippingAddress.postalCode:invalid_format"],
    ],
    [
      "a Japanese address without a prefecture",
      { country: "JP", postalCode: "100-0001" },
      ["shippingAddress.region:required"],
    ],
    ["an unknown country", { country: "XX", postalCode: "1" }, ["shippingAddress.country:unknown_country"]],
    [
      "an Irish Eircode in the wrong shape",
      { country: "IE", postalCode: "D02 X2" },
      ["shippingAddress.postalCode:invalid_format"],
    ],
    [
      "a Swedish postal code with four digits",
      { country: "SE", postalCode: "114 5" },
      ["shippingAddress.postalCode:invalid_format"],
    ],
    [
      "a Polish postal code without its dash",
      { country: "PL", postalCode: "00 95" },
      ["shippingAddress.postalCode:invalid_format"],
    ],
    [
      "a Brazilian address without a state",
      { country: "BR", postalCode: "01310-100" },
      ["shippingAddress.region:required"],
    ],
    [
      "a Brazilian CEP with too few digits",
      { country: "BR", region: "SP", postalCode: "0131-100" },
      ["shippingAddress.postalCode:invalid_format"],
    ],
    [
      "an Australian three-digit postcode",
      { country: "AU", region: "NSW", postalCode: "200" },
      ["shippingAddress.postalCode:invalid_format"],
    ],
    [
      "an Australian state that does not exist",
      { country: "AU", region: "XYZ", postalCode: "2000" },
      ["shippingAddress.region:unknown_region"],
    ],
    [
      "a Japanese postal code without the dash's digits",
      { country: "JP", region: "Tokyo", postalCode: "100-001" },
      ["shippingAddress.postalCode:invalid_format"],
    ],
    [
      "a Canadian province that does not exist",
      { country: "CA", region: "XX", postalCode: "M5V 3L9" },
      ["shippingAddress.region:unknown_region"],
    ],
    [
      "a French postal code with letters",
      { country: "FR", postalCode: "75O08" },
      ["shippingAddress.postalCode:invalid_format"],
    ],
    [
      "a US phone number that is not a number",
      { region: "IL", postalCode: "62701", phone: "call me" },
      ["shippingAddress.phone:invalid_phone"],
    ],
    [
      "a French phone number that is too short",
      { country: "FR", postalCode: "75008", phone: "01 23" },
      ["shippingAddress.phone:invalid_phone"],
    ],
  ])("refuses %s", (_name, overrides, expected) => {
    expect(errorsOf(anAddress(overrides))).toEqual(expected);
  });

  it("reports every problem at once", () => {
    expect(errorsOf(anAddress({ region: "", postalCode: "x", phone: "12" }))).toEqual([
      "shippingAddress.region:required",
      "shippingAddress.postalCode:invalid_format",
      "shippingAddress.phone:invalid_phone",
    ]);
  });

  it("normalizes region, postal code spacing and phone numbers to E.164", () => {
    const gb = validateAddress(
      anAddress({ country: "gb", postalCode: "sw1a1aa", phone: "020 7946 0018" }),
      "a",
    );
    expect(gb.ok && gb.value).toMatchObject({
      country: "GB",
      postalCode: "SW1A 1AA",
      phone: "+442079460018",
    });
    const ca = validateAddress(anAddress({ country: "CA", region: "on", postalCode: "m5v3l9" }), "a");
    expect(ca.ok && ca.value).toMatchObject({ region: "ON", postalCode: "M5V 3L9" });
    const de = validateAddress(anAddress({ country: "DE", postalCode: "10115", phone: "030 1234567" }), "a");
    expect(de.ok && de.value.phone).toBe("+49301234567");
  });

  it("fails with validation_failed and a readable detail", () => {
    const r = validateAddress(anAddress({ country: "DE" }), "billingAddress");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.failure.code).toBe("validation_failed");
      expect(r.failure.detail).toContain("billingAddress.postalCode");
    }
  });
});
