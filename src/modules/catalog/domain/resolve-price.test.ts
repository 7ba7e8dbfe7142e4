import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type PriceQuery, type PriceRule, resolvePrice } from "./resolve-price.ts";

const at = new Date("2026-06-15T12:00:00Z");
const before = new Date("2026-06-01T00:00:00Z");
const after = new Date("2026-07-01T00:00:00Z");
const acme = { id: "cus_acme", group: "wholesale" };

const sale: PriceRule = {
  id: "sale",
  kind: "sale",
  amount: 2000,
  minQuantity: 1,
  startsAt: before,
  endsAt: after,
};
const tier10: PriceRule = { id: "tier10", kind: "tier", amount: 2200, minQuantity: 10 };
const tier50: PriceRule = { id: "tier50", kind: "tier", amount: 1900, minQuantity: 50 };
const group: PriceRule = {
  id: "group",
  kind: "group",
  amount: 2100,
  minQuantity: 1,
  customerGroup: "wholesale",
};
const contract: PriceRule = {
  id: "contract",
  kind: "contract",
  amount: 2300,
  minQuantity: 1,
  customerId: "cus_acme",
};

const query = (over: Partial<PriceQuery>): PriceQuery => ({
  base: 2500,
  rules: [sale, tier10, tier50, group, contract],
  quantity: 1,
  customer: null,
  at,
  ...over,
});

describe("resolvePrice", () => {
  it.each([
    ["the base price with no rules", { rules: [] }, 2500, "base"],
    ["a sale within its window", {}, 2000, "sale"],
    ["the base price before the sale starts", { at: new Date("2026-05-31T23:59:59Z") }, 2500, "base"],
    ["the base price once the sale ended (end exclusive)", { at: after, rules: [sale] }, 2500, "base"],
    ["the sale over a tier under priority", { quantity: 10 }, 2000, "sale"],
    ["the deepest tier reached", { quantity: 60, rules: [tier10, tier50] }, 1900, "tier"],
    ["the shallower tier below the deeper break", { quantity: 49, rules: [tier10, tier50] }, 2200, "tier"],
    ["no tier below the first break", { quantity: 9, rules: [tier10] }, 2500, "base"],
    ["the group price for a member", { customer: { id: "cus_x", group: "wholesale" } }, 2100, "group"],
    ["no group price for another group", { customer: { id: "cus_x", group: "vip" } }, 2000, "sale"],
    ["no group price for a guest", { rules: [group] }, 2500, "base"],
    ["the contract over everything, even when dearer", { customer: acme }, 2300, "contract"],
    ["no contract for another customer", { customer: { id: "cus_other", group: null } }, 2000, "sale"],
    ["lowest: the cheapest applicable price", { precedence: "lowest", customer: acme }, 2000, "sale"],
    ["lowest: a deep tier beats the sale", { precedence: "lowest", quantity: 50 }, 1900, "tier"],
    [
      "lowest: never a price that does not apply",
      { precedence: "lowest", quantity: 49, customer: null },
      2000,
      "sale",
    ],
    [
      "a rule alone when there is no base price",
      { base: null, customer: acme, rules: [contract] },
      2300,
      "contract",
    ],
  ] as const)("gives %s", (_name, over, amount, kind) => {
    const resolved = resolvePrice(query(over as Partial<PriceQuery>));
    expect(resolved?.amount).toBe(amount);
    expect(resolved?.rule.kind).toBe(kind);
  });

  it("gives null when there is no base price and no rule applies", () => {
    expect(resolvePrice(query({ base: null, rules: [contract] }))).toBeNull();
  });

  it("names the rule that produced the price", () => {
    expect(resolvePrice(query({ customer: acme }))?.rule).toEqual({ kind: "contract", id: "contract" });
  });

  const anyRule: fc.Arbitrary<PriceRule> = fc.record({
    id: fc.string({ minLength: 1, maxLength: 6 }),
    kind: fc.constantFrom("sale", "tier", "group", "contract"),
    amount: fc.integer({ min: 0, max: 1_000_000 }),
    minQuantity: fc.integer({ min: 1, max: 100 }),
    customerGroup: fc.constantFrom(null, "wholesale", "vip"),
    customerId: fc.constantFrom(null, "cus_acme", "cus_other"),
    startsAt: fc.constantFrom(null, before, after),
    endsAt: fc.constantFrom(null, before, after),
  });
  const anyQuery = fc.record({
    base: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
    // Rule ids are primary keys: unique, as in the database (a shared id made the order matter).
    rules: fc.uniqueArray(anyRule, { maxLength: 8, selector: (r) => r.id }),
    quantity: fc.integer({ min: 1, max: 120 }),
    customer: fc.constantFrom(null, acme, { id: "cus_other", group: "vip" }),
    at: fc.constant(at),
  });

  it("under lowest, never charges more than priority or the base price", () => {
    fc.assert(
      fc.property(anyQuery, (q) => {
        const lowest = resolvePrice({ ...q, precedence: "lowest" });
        const priority = resolvePrice({ ...q, precedence: "priority" });
        expect(lowest === null).toBe(priority === null);
        if (lowest && priority) expect(lowest.amount).toBeLessThanOrEqual(priority.amount);
        if (lowest && q.base !== null) expect(lowest.amount).toBeLessThanOrEqual(q.base);
      }),
      { numRuns: 3000 },
    );
  });

  it("does not depend on the order rules are loaded in", () => {
    fc.assert(
      fc.property(
        anyQuery,
        fc.constantFrom("priority", "lowest") as fc.Arbitrary<"priority" | "lowest">,
        (q, precedence) => {
          const a = resolvePrice({ ...q, precedence });
          const b = resolvePrice({ ...q, rules: [...q.rules].reverse(), precedence });
          expect(b?.amount).toBe(a?.amount);
          expect(b?.rule.kind).toBe(a?.rule.kind);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
