import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import { findCartForRecovery, type PricedCart, priceCart } from "../cart/index.ts";
import { queueCartReminderEmail } from "../notifications/index.ts";
import { createSingleUsePromotionCode } from "../promotions/index.ts";
import type { RecoveryContext } from "./recovery-context.ts";
import { restoreLink, signRestoreToken, signUnsubscribeToken, unsubscribeLink } from "./recovery-links.ts";
import { type CartState, planReminder, type ReminderPlan } from "./reminder-plan.ts";
import { abandonedCarts, recoveryUnsubscribes } from "./schema.ts";

type AbandonedRow = typeof abandonedCarts.$inferSelect;

export interface ReminderReport {
  sent: number;
  closed: number;
}

/**
 * Sends the reminders that are due: for each abandoned cart whose next reminder time has come,
 * re-reads the cart and either queues reminder n (email, `checkout.reminder_sent`, counter +1 in
 * one transaction), pushes it back (the shopper was active), or stops for good (completed,
 * emptied, unsubscribed, cap). Exactly once under parallel passes: the row is locked with
 * `skip locked` and the counter moves by a conditional update.
 */
export async function sendCartReminders(ctx: RecoveryContext, batch = 100): Promise<ReminderReport> {
  const now = ctx.clock.now();
  const due = await ctx.db
    .select()
    .from(abandonedCarts)
    .where(and(eq(abandonedCarts.status, "active"), lte(abandonedCarts.nextReminderAt, now)))
    .orderBy(asc(abandonedCarts.nextReminderAt))
    .limit(batch);
  const report: ReminderReport = { sent: 0, closed: 0 };
  for (const row of due) {
    const outcome = await remindOne(ctx, row, now);
    if (outcome === "send") report.sent++;
    if (outcome === "close") report.closed++;
  }
  if (report.sent > 0) ctx.onQueued?.();
  return report;
}

async function remindOne(
  ctx: RecoveryContext,
  seen: AbandonedRow,
  now: Date,
): Promise<ReminderPlan["action"] | "raced"> {
  const found = await findCartForRecovery(ctx.db, seen.cartId);
  const cart: CartState = found
    ? {
        found: true,
        status: found.cart.status,
        lineCount: found.lineCount,
        email: found.cart.email,
        updatedAt: found.cart.updatedAt,
      }
    : { found: false };
  const email = found?.cart.email ?? seen.email;
  const unsubscribed = await isUnsubscribed(ctx.db, email);
  const plan = planReminder(cart, seen, { delaysMs: ctx.settings.reminderDelaysMs, unsubscribed, now });
  // Priced before the transaction: pricing may call a tax provider, and no lock waits on it.
  const priced =
    plan.action === "send" && found ? await priceCart(ctx.db, found.cart, { tax: ctx.tax, at: now }) : null;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(abandonedCarts)
      .where(
        and(
          eq(abandonedCarts.cartId, seen.cartId),
          eq(abandonedCarts.status, "active"),
          eq(abandonedCarts.remindersSent, seen.remindersSent),
          lte(abandonedCarts.nextReminderAt, now),
        ),
      )
      .for("update", { skipLocked: true });
    // Another pass holds it or has already moved it on.
    if (!row) return "raced";
    const where = eq(abandonedCarts.cartId, row.cartId);
    switch (plan.action) {
      case "skip":
        return "skip";
      case "close":
        await tx
          .update(abandonedCarts)
          .set({ status: "closed", closedReason: plan.reason, nextReminderAt: null })
          .where(where);
        return "close";
      case "wait":
        await tx
          .update(abandonedCarts)
          .set({ lastActivityAt: plan.lastActivityAt, nextReminderAt: plan.nextReminderAt })
          .where(where);
        return "wait";
      case "send":
        await sendReminder(ctx, tx, row, plan, email, priced!, now);
        return "send";
    }
  });
}

async function sendReminder(
  ctx: RecoveryContext,
  tx: Db,
  row: AbandonedRow,
  plan: Extract<ReminderPlan, { action: "send" }>,
  email: string,
  priced: PricedCart,
  now: Date,
): Promise<void> {
  const { settings, store } = ctx;
  const restoreUntil = new Date(now.getTime() + settings.restoreLinkTtlMs);
  const discount =
    plan.isLast && settings.discountPercent > 0 ? await createDiscount(ctx, tx, row, now) : undefined;
  const emailId = await queueCartReminderEmail(
    tx,
    {
      cartId: row.cartId,
      number: plan.number,
      recipient: email,
      currency: priced.currency,
      lines: priced.lines.map((l) => ({ title: l.title, sku: l.sku, quantity: l.quantity, total: l.total })),
      total: priced.totals.total.amount,
      restoreLink: restoreLink(store, signRestoreToken(settings.secret, row.cartId, restoreUntil)),
      restoreUntil,
      unsubscribeLink: unsubscribeLink(store, signUnsubscribeToken(settings.secret, email)),
      discount: discount && { code: discount.code, percent: settings.discountPercent, until: discount.until },
    },
    store,
    now,
  );
  await tx
    .update(abandonedCarts)
    .set({
      remindersSent: sql`${abandonedCarts.remindersSent} + 1`,
      lastActivityAt: plan.lastActivityAt,
      nextReminderAt: plan.nextReminderAt,
      ...(plan.nextReminderAt ? {} : { status: "closed" as const, closedReason: "cap" }),
      ...(discount ? { discountPromotionId: discount.promotionId } : {}),
    })
    .where(eq(abandonedCarts.cartId, row.cartId));
  await recordEvents(tx, now, [
    {
      type: "checkout.reminder_sent",
      aggregateId: row.cartId,
      payload: {
        cartId: row.cartId,
        number: plan.number,
        emailId: emailId ?? null,
        value: { amount: priced.totals.total.amount, currency: priced.currency },
        withDiscount: discount !== undefined,
      },
    },
  ]);
}

async function createDiscount(ctx: RecoveryContext, tx: Db, row: AbandonedRow, now: Date) {
  const until = new Date(now.getTime() + ctx.settings.discountValidMs);
  const created = await createSingleUsePromotionCode(
    tx,
    {
      label: `Cart reminder ${row.cartId}`,
      ratePpm: ctx.settings.discountPercent * 10_000,
      currency: row.currency,
      endsAt: until,
    },
    now,
  );
  // A random code colliding is a bug worth retrying the pass for, not a reminder without its code.
  if (!created.ok) throw new Error(`reminder discount not created: ${created.failure.detail}`);
  return { ...created.value, until };
}

export async function isUnsubscribed(db: Db, email: string): Promise<boolean> {
  const rows = await db
    .select({ email: recoveryUnsubscribes.email })
    .from(recoveryUnsubscribes)
    .where(eq(recoveryUnsubscribes.email, email.toLowerCase()));
  return rows.length > 0;
}
