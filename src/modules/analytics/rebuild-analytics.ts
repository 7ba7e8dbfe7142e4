import { asc, gt, inArray, sql } from "drizzle-orm";
import type { Context } from "../../shared/context.ts";
import { consumeOnce } from "../../shared/outbox/consume-once.ts";
import { outbox } from "../../shared/outbox/schema.ts";
import { analyticsConsumer } from "./analytics.subscriber.ts";
import { projectEvent, projectedEventTypes } from "./project-event.ts";
import { applyStepView } from "./record-step-view.ts";
import { analyticsStepViews } from "./schema.ts";

export interface RebuildReport {
  stepViews: number;
  events: number;
}

const pageSize = 500;

/**
 * Rebuilds the analytics projection from its sources: the stored step views, then every outbox
 * event in outbox order through the same projection the live subscriber uses. One transaction:
 * readers see the old figures or the new ones, never half; the live subscriber waits on the
 * table locks and then finds each event already consumed. Idempotent: running it twice gives
 * the same tables.
 */
export async function rebuildAnalytics(ctx: Context): Promise<RebuildReport> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`truncate analytics_checkouts, analytics_checkout_failures, analytics_payment_attempts, analytics_orders,
        analytics_recovery`,
    );
    await tx.execute(sql`delete from outbox_consumptions where consumer = ${analyticsConsumer}`);
    const views = await tx.select().from(analyticsStepViews).orderBy(asc(analyticsStepViews.at));
    for (const view of views) await applyStepView(tx, view);
    let events = 0;
    let after = 0;
    for (;;) {
      const rows = await tx
        .select()
        .from(outbox)
        .where(sql`${gt(outbox.seq, after)} and ${inArray(outbox.type, [...projectedEventTypes])}`)
        .orderBy(asc(outbox.seq))
        .limit(pageSize);
      for (const row of rows) {
        const event = { ...row, payload: row.payload as Record<string, unknown> };
        await consumeOnce(tx, ctx.clock, analyticsConsumer, row.id, (sp) => projectEvent(sp, event));
        events++;
      }
      if (rows.length < pageSize) break;
      after = rows[rows.length - 1]!.seq;
    }
    return { stepViews: views.length, events };
  });
}
