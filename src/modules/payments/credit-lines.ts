import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { creditHolds, creditLines } from "./schema.ts";

export interface CreditLine {
  currency: string;
  creditLimit: number;
  used: number;
  available: number;
}

/**
 * Sets a customer's credit limits, one per currency given; currencies left out keep theirs.
 * A limit may be set below what is used: nothing is cancelled, new purchase orders are refused.
 */
export async function setCreditLimits(
  tx: Db,
  customerId: string,
  limits: { amount: number; currency: string }[],
  at: Date,
): Promise<void> {
  for (const limit of limits) {
    await tx
      .insert(creditLines)
      .values({ customerId, currency: limit.currency, creditLimit: limit.amount, used: 0, updatedAt: at })
      .onConflictDoUpdate({
        target: [creditLines.customerId, creditLines.currency],
        set: { creditLimit: limit.amount, updatedAt: at },
      });
  }
}

export async function listCreditLines(db: Db, customerId: string): Promise<CreditLine[]> {
  const rows = await db
    .select()
    .from(creditLines)
    .where(eq(creditLines.customerId, customerId))
    .orderBy(creditLines.currency);
  return rows.map((r) => ({
    currency: r.currency,
    creditLimit: r.creditLimit,
    used: r.used,
    available: Math.max(0, r.creditLimit - r.used),
  }));
}

/**
 * Takes `amount` of the customer's credit for a checkout attempt, in the caller's transaction.
 * One conditional update (`used + amount <= credit_limit`): parallel checkouts serialize on the
 * line's row and the database refuses whichever would pass the limit.
 */
export async function holdCredit(
  tx: Db,
  hold: { attemptId: string; customerId: string; amount: number; currency: string },
  at: Date,
): Promise<Result<void>> {
  const taken = await tx
    .update(creditLines)
    .set({ used: sql`${creditLines.used} + ${hold.amount}`, updatedAt: at })
    .where(
      and(
        eq(creditLines.customerId, hold.customerId),
        eq(creditLines.currency, hold.currency),
        sql`${creditLines.used} + ${hold.amount} <= ${creditLines.creditLimit}`,
      ),
    )
    .returning({ used: creditLines.used, limit: creditLines.creditLimit });
  if (taken.length === 0) {
    const [line] = await listCreditLines(tx, hold.customerId).then((l) =>
      l.filter((c) => c.currency === hold.currency),
    );
    return fail(
      "credit_limit_exceeded",
      line
        ? `This order needs ${hold.amount} (minor units) of credit; ${line.available} ${hold.currency} is available.`
        : `The account has no credit line in ${hold.currency}.`,
      { meta: { available: { amount: line?.available ?? 0, currency: hold.currency } } },
    );
  }
  await tx.insert(creditHolds).values({
    attemptId: hold.attemptId,
    customerId: hold.customerId,
    currency: hold.currency,
    amount: hold.amount,
    outstanding: hold.amount,
    status: "held",
    createdAt: at,
    updatedAt: at,
  });
  return ok(undefined);
}

/**
 * Gives back what an attempt's hold still owes (the attempt was undone, or its order cancelled).
 * Idempotent: a released hold, or none, changes nothing.
 */
export async function releaseCredit(tx: Db, attemptId: string, at: Date): Promise<void> {
  const [hold] = await tx
    .update(creditHolds)
    .set({ status: "released", updatedAt: at })
    .where(and(eq(creditHolds.attemptId, attemptId), eq(creditHolds.status, "held")))
    .returning();
  if (!hold || hold.outstanding === 0) return;
  await giveBack(tx, hold, hold.outstanding, at);
  await tx.update(creditHolds).set({ outstanding: 0 }).where(eq(creditHolds.attemptId, attemptId));
}

/** An invoice was (partly) paid: `amount` of its hold, at most what it still owes, goes back. */
export async function restoreCredit(tx: Db, attemptId: string, amount: number, at: Date): Promise<void> {
  const [hold] = await tx
    .select()
    .from(creditHolds)
    .where(and(eq(creditHolds.attemptId, attemptId), eq(creditHolds.status, "held")))
    .for("update");
  if (!hold) return;
  const back = Math.min(amount, hold.outstanding);
  if (back <= 0) return;
  await tx
    .update(creditHolds)
    .set({ outstanding: hold.outstanding - back, updatedAt: at })
    .where(eq(creditHolds.attemptId, attemptId));
  await giveBack(tx, hold, back, at);
}

async function giveBack(
  tx: Db,
  hold: { customerId: string; currency: string },
  amount: number,
  at: Date,
): Promise<void> {
  await tx
    .update(creditLines)
    .set({ used: sql`greatest(${creditLines.used} - ${amount}, 0)`, updatedAt: at })
    .where(and(eq(creditLines.customerId, hold.customerId), eq(creditLines.currency, hold.currency)));
}
