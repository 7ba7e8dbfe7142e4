import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CartSnapshot,
  createPromotion,
  customerKeyOf,
  evaluateCartPromotions,
  redeemPromotions,
} from "../../src/modules/promotions/index.ts";
import type { Database } from "../../src/shared/db/database.ts";
import { databaseKinds, openTestDatabase } from "../support/database.ts";

const at = new Date("2026-06-01T12:00:00Z");
const cart: CartSnapshot = {
  currency: "EUR",
  lines: [
    { id: "l1", sku: "TEE-M", productId: "prod_tee", unitPrice: 2600, quantity: 2 },
    { id: "l2", sku: "MUG-350", productId: "prod_mug", unitPrice: 1650, quantity: 1 },
  ],
  subtotal: 6850,
  shipping: 450,
  customer: { isFirstOrder: true },
  now: at,
};

describe.each(databaseKinds())("pricing a cart with stored promotions on %s", (kind) => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const base = { priority: 0, stacking: "combinable" as const };
    await createPromotion(
      database.db,
      {
        ...base,
        label: "Free shipping",
        automatic: true,
        codes: [],
        rules: { conditions: {}, effect: { kind: "free_shipping" } },
      },
      at,
    );
    await createPromotion(
      database.db,
      {
        ...base,
        label: "Welcome 10 %",
        automatic: false,
        codes: ["Welcome10"],
        perCustomerLimit: 1,
        rules: { conditions: {}, effect: { kind: "order_percentage", ratePpm: 100_000 } },
      },
      at,
    );
  });
  afterAll(async () => database?.close());

  it("applies automatic promotions and codes entered in any case, and says not_found for the rest", async () => {
    const outcome = await evaluateCartPromotions(database.db, {
      cart,
      codes: [" welcome10 ", "NOPE"],
      customerKey: customerKeyOf({ email: "Ada@Example.com" }),
    });
    expect(outcome.applied.map((a) => [a.label, a.code, a.amount])).toEqual([
      ["Free shipping", null, 450],
      ["Welcome 10 %", "welcome10", 685],
    ]);
    expect(outcome.rejected).toEqual([{ code: "NOPE", promotionId: null, reason: "not_found" }]);
  });

  it("says usage_limit_reached once the customer has used a once-per-customer code", async () => {
    const first = await evaluateCartPromotions(database.db, { cart, codes: ["WELCOME10"] });
    const welcome = first.applied.find((a) => a.code === "WELCOME10")!;
    const customerKey = customerKeyOf({ email: "grace@example.com" });
    await database.db.transaction((tx) =>
      redeemPromotions(tx, { reference: "att_1", promotionIds: [welcome.promotionId], customerKey }, at),
    );
    const again = await evaluateCartPromotions(database.db, {
      cart,
      codes: ["WELCOME10"],
      customerKey: customerKeyOf({ email: " GRACE@example.com" }),
    });
    expect(again.rejected.map((r) => r.reason)).toEqual(["usage_limit_reached"]);
  });
});
