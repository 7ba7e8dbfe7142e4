import { eq, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { recordEvents } from "../../shared/outbox/outbox.ts";
import {
  findCartForRecovery,
  type IdleCart,
  type IdleCartCursor,
  listIdleCarts,
  priceCart,
} from "../cart/index.ts";
import type { RecoveryContext } from "./recovery-context.ts";
import { lastStepOf } from "./reminder-plan.ts";
import { abandonedCarts, recoveryScanCursor } from "./schema.ts";

const cursorId = "carts";

/**
 * Marks carts idle for `abandonAfterMs` (open, with an email and lines) as abandoned, each once
 * ever: one abandoned_carts row and one `checkout.abandoned` event (last step, cart value) in one
 * transaction. The row's primary key decides when two passes race. Reads carts after the stored
 * cursor only, so a pass costs what changed since the last one. Returns how many it marked.
 */
export async function markAbandonedCarts(ctx: RecoveryContext, batch = 200): Promise<number> {
  const now = ctx.clock.now();
  const idleBefore = new Date(now.getTime() - ctx.settings.abandonAfterMs);
  let marked = 0;
  for (;;) {
    const idle = await listIdleCarts(ctx.db, { idleBefore, after: await readCursor(ctx.db), limit: batch });
    for (const cart of idle) if (await markOne(ctx, cart, now)) marked++;
    if (idle.length > 0) await advanceCursor(ctx.db, idle[idle.length - 1]!);
    if (idle.length < batch) return marked;
  }
}

async function markOne(ctx: RecoveryContext, idle: IdleCart, now: Date): Promise<boolean> {
  const found = await findCartForRecovery(ctx.db, idle.id);
  if (!found) return false;
  // Priced outside the transaction: pricing may call a tax provider, and no lock waits on it.
  const priced = await priceCart(ctx.db, found.cart, { tax: ctx.tax, at: now });
  const lastStep = lastStepOf(found.cart);
  const firstDelay = ctx.settings.reminderDelaysMs[0];
  const nextReminderAt = firstDelay === undefined ? null : new Date(idle.updatedAt.getTime() + firstDelay);
  const value = priced.totals.total.amount;
  return ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(abandonedCarts)
      .values({
        cartId: idle.id,
        email: idle.email,
        currency: idle.currency,
        lastStep,
        value,
        abandonedAt: now,
        lastActivityAt: idle.updatedAt,
        nextReminderAt,
        ...(nextReminderAt ? {} : { status: "closed" as const, closedReason: "cap" }),
      })
      .onConflictDoNothing()
      .returning({ cartId: abandonedCarts.cartId });
    if (inserted.length === 0) return false;
    await recordEvents(tx, now, [
      {
        type: "checkout.abandoned",
        aggregateId: idle.id,
        payload: {
          cartId: idle.id,
          lastStep,
          value: { amount: value, currency: idle.currency },
          lineCount: priced.lines.length,
          customerId: idle.customerId,
          lastActivityAt: idle.updatedAt.toISOString(),
        },
      },
    ]);
    return true;
  });
}

async function readCursor(db: Db): Promise<IdleCartCursor | null> {
  const [row] = await db.select().from(recoveryScanCursor).where(eq(recoveryScanCursor.id, cursorId));
  return row ? { updatedAt: row.updatedAt, id: row.cartId } : null;
}

/** Moves the cursor forward only: a slower parallel pass never sets it back. */
async function advanceCursor(db: Db, last: IdleCart): Promise<void> {
  await db
    .insert(recoveryScanCursor)
    .values({ id: cursorId, updatedAt: last.updatedAt, cartId: last.id })
    .onConflictDoUpdate({
      target: recoveryScanCursor.id,
      set: { updatedAt: last.updatedAt, cartId: last.id },
      setWhere: sql`(${recoveryScanCursor.updatedAt}, ${recoveryScanCursor.cartId}) < (excluded.updated_at, excluded.cart_id)`,
    });
}
