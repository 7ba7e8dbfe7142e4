import { and, eq } from "drizzle-orm";
import type { Db } from "../../../shared/db/database.ts";
import type { AuthorizeOutcome, RequiresActionOutcome } from "../gateway.ts";
import { testProcessorCharges } from "../schema.ts";

/**
 * The test processor's 3-D Secure challenges, standing in for a card issuer's page: a charge made
 * with a challenge card waits in `requires_action` until the shopper approves or fails it there
 * (or the checkout gives up and voids it). Checkout then resumes the same attempt by `lookup`.
 */

/** A waiting charge's stored outcome: what the shopper sees, plus what approval will authorize. */
export type PendingChallenge = RequiresActionOutcome & {
  card: { brand: string; last4: string };
  amount: number;
  currency: string;
};

export type ChallengeState = "pending" | "approved" | "failed" | "cancelled";

export interface TestChallenge {
  state: ChallengeState;
  amount: number;
  currency: string;
  brand: string;
  last4: string;
}

export const challengePath = (challengeId: string) => `/store/payments/test/challenges/${challengeId}`;

export function approvedOutcome(reference: string, card: { brand: string; last4: string }): AuthorizeOutcome {
  return {
    status: "authorized",
    providerReference: reference,
    authorizationCode: reference.slice(-6).toUpperCase(),
    brand: card.brand,
    last4: card.last4,
  };
}

const stateOf: Record<string, ChallengeState> = {
  requires_action: "pending",
  authorized: "approved",
  captured: "approved",
  declined: "failed",
  voided: "cancelled",
};

/** The challenge behind an id from a challenge page's address; undefined for an unknown id. */
export async function findTestChallenge(db: Db, challengeId: string): Promise<TestChallenge | undefined> {
  const [row] = await db
    .select()
    .from(testProcessorCharges)
    .where(eq(testProcessorCharges.challengeId, challengeId));
  if (!row) return undefined;
  // A voided charge that had been approved first is still "approved then released": say cancelled.
  const pending = row.outcome as Partial<PendingChallenge> & { brand?: string; last4?: string };
  return {
    state: stateOf[row.status] ?? "cancelled",
    amount: row.amount,
    currency: pending.currency ?? "",
    brand: pending.card?.brand ?? pending.brand ?? "",
    last4: pending.card?.last4 ?? pending.last4 ?? "",
  };
}

/**
 * The shopper's answer on the challenge page. Only a waiting charge moves (a conditional update),
 * so a second click, a parallel answer or an answer after the checkout gave up changes nothing.
 * Returns the challenge as it now stands.
 */
export async function answerTestChallenge(
  db: Db,
  challengeId: string,
  answer: "approve" | "fail",
): Promise<TestChallenge | undefined> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(testProcessorCharges)
      .where(eq(testProcessorCharges.challengeId, challengeId))
      .for("update");
    if (row?.status !== "requires_action") return;
    const pending = row.outcome as PendingChallenge;
    const outcome: AuthorizeOutcome & { currency?: string; card?: PendingChallenge["card"] } =
      answer === "approve"
        ? { ...approvedOutcome(row.reference, pending.card), currency: pending.currency }
        : {
            status: "declined",
            reason: "authentication_failed",
            providerReference: row.reference,
            currency: pending.currency,
            card: pending.card,
          };
    await tx
      .update(testProcessorCharges)
      .set({ status: answer === "approve" ? "authorized" : "declined", outcome })
      .where(
        and(
          eq(testProcessorCharges.challengeId, challengeId),
          eq(testProcessorCharges.status, "requires_action"),
        ),
      );
  });
  return findTestChallenge(db, challengeId);
}

/** Voiding a charge whose challenge is still open: the shopper left; a later answer does nothing. */
export async function cancelTestChallenge(db: Db, idempotencyKey: string): Promise<void> {
  const [row] = await db
    .select()
    .from(testProcessorCharges)
    .where(
      and(
        eq(testProcessorCharges.idempotencyKey, idempotencyKey),
        eq(testProcessorCharges.status, "requires_action"),
      ),
    );
  if (!row) return;
  const pending = row.outcome as PendingChallenge;
  await db
    .update(testProcessorCharges)
    .set({
      status: "voided",
      outcome: {
        status: "declined",
        reason: "authentication_abandoned",
        providerReference: row.reference,
        currency: pending.currency,
        card: pending.card,
      },
    })
    .where(
      and(
        eq(testProcessorCharges.idempotencyKey, idempotencyKey),
        eq(testProcessorCharges.status, "requires_action"),
      ),
    );
}
