import { describe, expect, it } from "vitest";
import { checkVatId } from "./vat-id.ts";

describe("VAT ID checks", () => {
  it.each([
    ["ATU13585627", "AT"],
    ["BE0428759497", "BE"],
    ["DE136695976", "DE"],
    ["DK13585628", "DK"],
    ["FI20774740", "FI"],
    ["FR40303265045", "FR"],
    ["IE6388047V", "IE"],
    ["IE8Z49289F", "IE"],
    ["IT00743110157", "IT"],
    ["NL004495445B01", "NL"],
    ["PL8567346215", "PL"],
    ["PT501964843", "PT"],
    ["SE556188840401", "SE"],
    ["ESA28015865", "ES"],
    ["ESX9999999J", "ES"],
    ["EL094259216", "GR"],
    ["GB980780684", "GB"],
  ])("accepts %s", (id, country) => {
    expect(checkVatId(id)).toMatchObject({ valid: true, country });
  });

  it("ignores spaces, dots and dashes and case", () => {
    expect(checkVatId("de 136.695-976")).toMatchObject({ valid: true, normalized: "DE136695976" });
  });

  it.each([
    ["DE136695977", "checksum"],
    ["ATU13585626", "checksum"],
    ["BE0428759498", "checksum"],
    ["DK13585629", "checksum"],
    ["FI20774741", "checksum"],
    ["FR41303265045", "checksum"],
    ["IE6388047W", "checksum"],
    ["IT00743110158", "checksum"],
    ["NL004495446B01", "checksum"],
    ["PL8567346216", "checksum"],
    ["PT501964844", "checksum"],
    ["SE556188840501", "checksum"],
    ["ESA28015866", "checksum"],
    ["GB980780685", "checksum"],
    ["DE12345678", "format"],
    ["NL004495445X01", "format"],
    ["XX123456789", "unknown_country"],
    ["US123456789", "unknown_country"],
  ])("refuses %s (%s)", (id, reason) => {
    expect(checkVatId(id)).toEqual({ valid: false, reason });
  });
});
