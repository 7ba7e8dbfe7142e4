import { and, asc, eq, lte } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { consumeOnce } from "../../shared/outbox/consume-once.ts";
import type { EventSubscriber, PublishedEvent } from "../../shared/outbox/subscriber.ts";
import { queueReviewRequestEmail } from "../notifications/index.ts";
import { getOrder } from "../orders/index.ts";
import type { RecoveryContext } from "./recovery-context.ts";
import { reviewRequests } from "./schema.ts";

const name = "review-requests";

/**
 * Reacts to `shipment.delivered`: once the whole order is delivered, schedules its review
 * invitation `reviewAfterMs` later (one row per order, so many parcels still mean one email).
 * Does nothing when the invitation is switched off.
 */
export function reviewRequestsSubscriber(ctx: RecoveryContext): EventSubscriber {
  return {
    name,
    types: ["shipment.delivered"],
    async handle(event: PublishedEvent) {
      if (ctx.settings.reviewAfterMs <= 0) return;
      await consumeOnce(ctx.db, ctx.clock, name, event.id, (tx) => schedule(ctx, tx, event));
    },
  };
}

async function schedule(ctx: RecoveryContext, tx: Db, event: PublishedEvent): Promise<void> {
  const orderId = String(event.payload.orderId);
  const order = await getOrder(tx, orderId);
  // Thrown, not skipped: the event is retried rather than the invitation silently lost.
  if (!order) throw new Error(`order ${orderId} of event ${event.id} not found`);
  if (order.fulfillmentStatus !== "delivered") return;
  const delivered =
    typeof event.payload.deliveredAt === "string" ? new Date(event.payload.deliveredAt) : event.occurredAt;
  await tx
    .insert(reviewRequests)
    .values({
      orderId,
      deliveredAt: delivered,
      dueAt: new Date(delivered.getTime() + ctx.settings.reviewAfterMs),
      createdAt: ctx.clock.now(),
    })
    .onConflictDoNothing();
}

/**
 * Sends the review invitations that are due, each once: the row moves pending → sent in the
 * transaction that queues the email, under `for update skip locked`. A cancelled order gets none.
 */
export async function sendReviewRequests(ctx: RecoveryContext, batch = 100): Promise<number> {
  if (ctx.settings.reviewAfterMs <= 0) return 0;
  const now = ctx.clock.now();
  const due = await ctx.db
    .select({ orderId: reviewRequests.orderId })
    .from(reviewRequests)
    .where(and(eq(reviewRequests.status, "pending"), lte(reviewRequests.dueAt, now)))
    .orderBy(asc(reviewRequests.dueAt))
    .limit(batch);
  let sent = 0;
  for (const { orderId } of due) if (await sendOne(ctx, orderId, now)) sent++;
  if (sent > 0) ctx.onQueued?.();
  return sent;
}

async function sendOne(ctx: RecoveryContext, orderId: string, now: Date): Promise<boolean> {
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(reviewRequests)
      .where(and(eq(reviewRequests.orderId, orderId), eq(reviewRequests.status, "pending")))
      .for("update", { skipLocked: true });
    if (!row) return false;
    const order = await getOrder(tx, orderId);
    const where = eq(reviewRequests.orderId, orderId);
    if (!order || order.status === "cancelled") {
      await tx.update(reviewRequests).set({ status: "skipped" }).where(where);
      return false;
    }
    await queueReviewRequestEmail(
      tx,
      {
        orderId,
        orderNumber: order.number,
        recipient: order.email,
        lines: order.lines.map((l) => ({ title: l.title, quantity: l.quantity })),
        deliveredAt: row.deliveredAt,
        reviewLink: ctx.settings.reviewUrl ?? ctx.store.url,
      },
      ctx.store,
      now,
    );
    await tx.update(reviewRequests).set({ status: "sent", sentAt: now }).where(where);
    return true;
  });
}
