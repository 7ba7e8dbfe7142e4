import { describe, expect, it } from "vitest";
import { checkPostalPattern, mostSpecificZone, type Zone, zoneSpecificity } from "./zone-match.ts";

const zone = (code: string, fields: Partial<Zone>): Zone => ({
  id: code,
  code,
  countries: [],
  regions: [],
  excludedRegions: [],
  postalCodes: [],
  excludedPostalCodes: [],
  ...fields,
});

const us = zone("us", { countries: ["US"] });
const remote = zone("us-remote", { countries: ["US"], regions: ["US-AK", "US-HI"] });
const mainland = zone("us-mainland", { countries: ["US"], excludedRegions: ["US-AK", "US-HI"] });
const anchorage = zone("anchorage", { countries: ["US"], postalCodes: ["995"] });
const world = zone("world", { countries: ["*"] });
const zones = [world, us, remote, mainland, anchorage];

describe("zone matching", () => {
  it("matches a country zone for any address in the country", () => {
    expect(zoneSpecificity(us, { country: "US", region: "IL", postalCode: "62701" })).toBe(1);
    expect(zoneSpecificity(us, { country: "CA", region: "ON" })).toBeNull();
  });

  it("reads regions as ISO 3166-2, whether the address says AK or US-AK", () => {
    expect(zoneSpecificity(remote, { country: "US", region: "AK" })).toBe(2);
    expect(zoneSpecificity(remote, { country: "US", region: "US-HI" })).toBe(2);
    expect(zoneSpecificity(remote, { country: "US", region: "IL" })).toBeNull();
    expect(zoneSpecificity(remote, { country: "US" })).toBeNull();
  });

  it("leaves excluded regions out of a zone", () => {
    expect(zoneSpecificity(mainland, { country: "US", region: "IL" })).toBe(1);
    expect(zoneSpecificity(mainland, { country: "US", region: "AK" })).toBeNull();
  });

  it("matches postal prefixes and inclusive ranges on the code without spaces or dashes", () => {
    expect(zoneSpecificity(anchorage, { country: "US", postalCode: "99501" })).toBe(3);
    expect(zoneSpecificity(anchorage, { country: "US", postalCode: "99401" })).toBeNull();
    expect(zoneSpecificity(anchorage, { country: "US" })).toBeNull();
    const range = zone("hi", { countries: ["US"], postalCodes: ["96700..96899"] });
    expect(zoneSpecificity(range, { country: "US", postalCode: "96700" })).toBe(3);
    expect(zoneSpecificity(range, { country: "US", postalCode: "96899-1234" })).toBe(3);
    expect(zoneSpecificity(range, { country: "US", postalCode: "96900" })).toBeNull();
    expect(zoneSpecificity(range, { country: "US", postalCode: "9670" })).toBeNull();
    const london = zone("london", { countries: ["GB"], postalCodes: ["SW1", "EC"] });
    expect(zoneSpecificity(london, { country: "GB", postalCode: "sw1a 1aa" })).toBe(3);
  });

  it("leaves excluded postal codes out of a zone", () => {
    const islands = zone("de-mainland", { countries: ["DE"], excludedPostalCodes: ["27498", "18565"] });
    expect(zoneSpecificity(islands, { country: "DE", postalCode: "10115" })).toBe(1);
    expect(zoneSpecificity(islands, { country: "DE", postalCode: "27498" })).toBeNull();
  });

  it("lets * match any country, as the least specific zone", () => {
    expect(zoneSpecificity(world, { country: "JP" })).toBe(0);
  });

  it("picks the most specific zone: postal prefix > region > country > anywhere", () => {
    expect(mostSpecificZone(zones, { country: "US", region: "AK", postalCode: "99501" })?.code).toBe(
      "anchorage",
    );
    expect(mostSpecificZone(zones, { country: "US", region: "AK", postalCode: "99701" })?.code).toBe(
      "us-remote",
    );
    expect(mostSpecificZone(zones, { country: "JP", postalCode: "100-0001" })?.code).toBe("world");
    expect(mostSpecificZone([us, remote], { country: "FR" })).toBeUndefined();
  });

  it("breaks a tie between equally specific zones by code, not by order", () => {
    expect(mostSpecificZone([us, mainland], { country: "US", region: "IL" })?.code).toBe("us");
    expect(mostSpecificZone([mainland, us], { country: "US", region: "IL" })?.code).toBe("us");
  });

  it("refuses malformed postal patterns", () => {
    expect(checkPostalPattern("995")).toBeUndefined();
    expect(checkPostalPattern("96700..96899")).toBeUndefined();
    expect(checkPostalPattern("967..96899")).toMatch(/same length/);
    expect(checkPostalPattern("96899..96700")).toMatch(/ends before/);
    expect(checkPostalPattern("99*")).toMatch(/prefix/);
  });
});
