import { describe, expect, it } from "vitest";
import {
  creditorReference,
  findCreditorReferences,
  formatCreditorReference,
  isValidCreditorReference,
} from "./creditor-reference.ts";

describe("ISO 11649 creditor references", () => {
  it("matches the standard's published example", () => {
    expect(creditorReference("539007547034")).toBe("RF18539007547034");
    expect(isValidCreditorReference("RF18 5390 0754 7034")).toBe(true);
  });

  it("refuses a changed digit and two swapped digits", () => {
    expect(isValidCreditorReference("RF18539007547035")).toBe(false);
    expect(isValidCreditorReference("RF18539007547043")).toBe(false);
    expect(isValidCreditorReference("RF18")).toBe(false);
  });

  it("round-trips bodies with letters, and groups by four", () => {
    for (const body of ["1", "A1B2C3", "000000001001", "Z".repeat(21)]) {
      expect(isValidCreditorReference(creditorReference(body))).toBe(true);
    }
    expect(formatCreditorReference("RF18539007547034")).toBe("RF18 5390 0754 7034");
    expect(() => creditorReference("12-34")).toThrow(RangeError);
  });

  it("finds references in remittance text, spaced or not, and ignores invalid ones", () => {
    expect(findCreditorReferences("Invoice rf18 5390 0754 7034 thanks")).toEqual(["RF18539007547034"]);
    expect(findCreditorReferences("RF18539007547034")).toEqual(["RF18539007547034"]);
    expect(findCreditorReferences("RF18539007547035 wrong")).toEqual([]);
    expect(findCreditorReferences("no reference")).toEqual([]);
  });
});
