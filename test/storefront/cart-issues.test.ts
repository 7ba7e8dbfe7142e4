import { describe, expect, it } from "vitest";
import type { Cart } from "../../web/storefront/src/api/types.ts";
import { describeIssue } from "../../web/storefront/src/components/cart-issue-text.ts";

const cart = { lines: [{ id: "line_1", title: "Organic Tee – M" }] } as unknown as Cart;
const usd = (amount: number) => ({ amount, currency: "USD" });

describe("storefront cart issues", () => {
  it("names the product and both prices when a price moved", () => {
    const issue = {
      code: "price_changed",
      lineId: "line_1",
      sku: "TEE-M",
      previous: usd(2800),
      current: usd(3200),
    };
    expect(describeIssue(issue, cart)).toBe("The price of Organic Tee – M went up from $28.00 to $32.00.");
    expect(describeIssue({ ...issue, previous: usd(3200), current: usd(2800) }, cart)).toBe(
      "The price of Organic Tee – M went down from $32.00 to $28.00.",
    );
  });

  it("still names the product when an older server sends no prices", () => {
    expect(describeIssue({ code: "price_changed", lineId: "line_1" }, cart)).toBe(
      "The price of Organic Tee – M changed. Please review it.",
    );
  });
});
