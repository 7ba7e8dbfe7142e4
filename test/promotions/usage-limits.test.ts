import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPromotion, redeemPromotions, releasePromotions } from "../../src/modules/promotions/index.ts";
import type { Database } from "../../src/shared/db/database.ts";
import { FailureError, type Result } from "../../src/shared/failure.ts";
import { type DatabaseKind, databaseKinds, openTestDatabase } from "../support/database.ts";
import { promotionUsage } from "./audit.ts";

const at = new Date("2026-06-01T12:00:00Z");
let sequence = 0;

// G11 under races. On PGlite the database serializes the transactions; on PostgreSQL each runs
// on its own pooled connection, so the conditional updates really contend for the row.
describe.each(databaseKinds())(
  "promotion usage limits under parallel checkouts on %s",
  (kind: DatabaseKind) => {
    let database: Database;
    beforeAll(async () => {
      database = await openTestDatabase(kind, { poolSize: 25 });
    });
    afterAll(async () => database?.close());

    async function promotionWith(limits: {
      usageLimit?: number;
      perCustomerLimit?: number;
    }): Promise<string> {
      sequence += 1;
      const created = await createPromotion(
        database.db,
        {
          label: "Race",
          automatic: false,
          codes: [`RACE${sequence}-${kind}`],
          priority: 0,
          stacking: "combinable",
          rules: { conditions: {}, effect: { kind: "order_percentage", ratePpm: 100_000 } },
          ...limits,
        },
        at,
      );
      if (!created.ok) throw new Error(created.failure.detail);
      return created.value.id;
    }

    /** What checkout's place step does: redeem inside its transaction, roll back when refused. */
    async function place(
      promotionIds: string[],
      reference: string,
      customerKey?: string,
    ): Promise<Result<void>> {
      try {
        return await database.db.transaction(async (tx) => {
          const redeemed = await redeemPromotions(tx, { reference, promotionIds, customerKey }, at);
          if (!redeemed.ok) throw new FailureError(redeemed.failure);
          return redeemed;
        });
      } catch (error) {
        if (error instanceof FailureError) return { ok: false, failure: error.failure };
        throw error;
      }
    }

    it("lets exactly 5 of 30 parallel checkouts use a code limited to 5 and refuses the rest with usage_limit_reached", async () => {
      const id = await promotionWith({ usageLimit: 5 });
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => place([id], `att_total_${i}`, `email:buyer${i}@example.com`)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(5);
      for (const r of results.filter((r) => !r.ok))
        expect(r.ok || r.failure.code).toBe("usage_limit_reached");
      expect(await promotionUsage(database.db, id)).toEqual({ used: 5, redemptions: 5 });
    });

    it("lets one customer use a once-per-customer code once in 10 parallel checkouts, while others still can", async () => {
      const id = await promotionWith({ perCustomerLimit: 1 });
      const same = await Promise.all(
        Array.from({ length: 10 }, (_, i) => place([id], `att_same_${i}`, "email:ada@example.com")),
      );
      expect(same.filter((r) => r.ok)).toHaveLength(1);
      expect((await place([id], "att_other", "email:grace@example.com")).ok).toBe(true);
      expect(await promotionUsage(database.db, id)).toEqual({ used: 2, redemptions: 2 });
    });

    it("counts a retried placement with the same reference once", async () => {
      const id = await promotionWith({ usageLimit: 3 });
      for (let i = 0; i < 3; i++)
        expect((await place([id], "att_retry", "email:ada@example.com")).ok).toBe(true);
      expect(await promotionUsage(database.db, id)).toEqual({ used: 1, redemptions: 1 });
    });

    it("leaves nothing counted when one of two promotions is used up, even if the caller commits", async () => {
      const open = await promotionWith({ usageLimit: 10 });
      const spent = await promotionWith({ usageLimit: 1 });
      expect((await place([spent], "att_first")).ok).toBe(true);
      const refused = await database.db.transaction((tx) =>
        redeemPromotions(tx, { reference: "att_second", promotionIds: [open, spent] }, at),
      );
      expect(refused.ok ? "ok" : refused.failure.code).toBe("usage_limit_reached");
      expect(await promotionUsage(database.db, open)).toEqual({ used: 0, redemptions: 0 });
    });

    it("gives uses back once when released, so the code can be used again", async () => {
      const id = await promotionWith({ usageLimit: 1, perCustomerLimit: 1 });
      expect((await place([id], "att_cancel", "email:ada@example.com")).ok).toBe(true);
      await database.db.transaction((tx) => releasePromotions(tx, "att_cancel", at));
      await database.db.transaction((tx) => releasePromotions(tx, "att_cancel", at));
      expect(await promotionUsage(database.db, id)).toEqual({ used: 0, redemptions: 0 });
      expect((await place([id], "att_again", "email:ada@example.com")).ok).toBe(true);
    });
  },
);
