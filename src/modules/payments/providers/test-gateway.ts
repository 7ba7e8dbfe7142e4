import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../../shared/db/database.ts";
import { placeholderFor, preparedQuery } from "../../../shared/db/prepared-query.ts";
import { newId, newSecret } from "../../../shared/ids.ts";
import type { AuthorizeOutcome, CaptureOutcome, PaymentGateway, RefundOutcome } from "../gateway.ts";
import { testProcessorCharges, testProcessorOperations } from "../schema.ts";
import { resolveTestSource } from "./test-card-tokens.ts";
import {
  approvedOutcome,
  cancelTestChallenge,
  challengePath,
  type PendingChallenge,
} from "./test-challenges.ts";

type Call = "authorize" | "lookup" | "void" | "capture" | "refund";

export interface TestGatewayOptions {
  latencyMs?: number;
  /**
   * Share of calls (0..1) that fail like a flaky processor: half before doing anything
   * (`provider_error`), half after doing it (`timeout`), so callers must retry with the same key.
   */
  transientFailureRate?: number;
  random?: () => number;
  /** Called before each call's answer; return "timeout" to simulate an outage (tests). */
  fault?: (call: Call) => "timeout" | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The built-in simulated card processor. It keeps its own ledger (tables standing for the
 * provider's side), keyed by our idempotency keys: the same key never moves money twice.
 */
export function createTestGateway(
  db: Db,
  clock: { now(): Date },
  options: TestGatewayOptions = {},
): PaymentGateway {
  const { latencyMs = 0, fault, transientFailureRate = 0, random = Math.random } = options;

  /** Simulated flakiness: "before" means nothing happened, "after" that the effect exists. */
  async function flake(): Promise<"before" | "after" | undefined> {
    if (latencyMs > 0) await sleep(latencyMs);
    if (transientFailureRate <= 0 || random() >= transientFailureRate) return undefined;
    return random() < 0.5 ? "before" : "after";
  }

  async function recorded(key: string): Promise<AuthorizeOutcome | undefined> {
    const [row] = await db
      .select()
      .from(testProcessorCharges)
      .where(eq(testProcessorCharges.idempotencyKey, key));
    return row?.outcome as AuthorizeOutcome | undefined;
  }

  return {
    provider: "test",

    async authorize(request) {
      const flaky = await flake();
      if (flaky === "before") return { status: "unknown", reason: "provider_error" };
      const card = await resolveTestSource(db, request.source);
      if (card?.behaviour === "processing_error") {
        return (await recorded(request.idempotencyKey)) ?? { status: "unknown", reason: "processing_error" };
      }
      const reference = newId("testch");
      const challengeId = card?.behaviour === "authentication_required" ? newSecret("tds") : null;
      const outcome: AuthorizeOutcome | PendingChallenge =
        card?.behaviour === "approved"
          ? approvedOutcome(reference, card)
          : card && challengeId
            ? {
                status: "requires_action",
                providerReference: reference,
                action: { type: "three_d_secure", url: challengePath(challengeId) },
                // Kept on the processor's side only: what an approved challenge authorizes.
                card: { brand: card.brand, last4: card.last4 },
                amount: request.amount,
                currency: request.currency,
              }
            : {
                status: "declined",
                reason: card?.behaviour ?? "invalid_source",
                providerReference: reference,
              };
      // Insert first, read only when the key was taken: one round trip for a new key, and a repeat
      // (or a parallel call) with the same key still gets the first answer, never a second charge.
      const [inserted] = await insertCharge(db).execute({
        idempotencyKey: request.idempotencyKey,
        reference,
        outcome,
        status: outcome.status === "authorized" ? "authorized" : challengeId ? "requires_action" : "declined",
        challengeId,
        amount: request.amount,
        createdAt: clock.now(),
      });
      if (!inserted) return (await recorded(request.idempotencyKey))!;
      // A fault after the charge exists is the nasty case: the caller cannot tell it happened.
      if (flaky === "after" || fault?.("authorize") === "timeout")
        return { status: "unknown", reason: "timeout" };
      return inserted.outcome as AuthorizeOutcome;
    },

    async lookup(idempotencyKey) {
      if ((await flake()) || fault?.("lookup") === "timeout") return { status: "unknown", reason: "timeout" };
      return (await recorded(idempotencyKey)) ?? { status: "not_found" };
    },

    async void({ idempotencyKey }) {
      const flaky = await flake();
      if (flaky === "before" || fault?.("void") === "timeout")
        return { status: "unknown", reason: "timeout" };
      // A challenge still open is cancelled too: approving it later authorizes nothing.
      await cancelTestChallenge(db, idempotencyKey);
      await db
        .update(testProcessorCharges)
        .set({ status: "voided" })
        .where(
          and(
            eq(testProcessorCharges.idempotencyKey, idempotencyKey),
            eq(testProcessorCharges.status, "authorized"),
          ),
        );
      return flaky === "after" ? { status: "unknown", reason: "timeout" } : { status: "voided" };
    },

    async capture(request) {
      const flaky = await flake();
      if (flaky === "before" || fault?.("capture") === "timeout")
        return { status: "unknown", reason: "timeout" };
      const outcome = await once<CaptureOutcome>(db, request, "capture", clock.now(), async (tx) => {
        const moved = await tx
          .update(testProcessorCharges)
          .set({ status: "captured", capturedAmount: request.amount })
          .where(
            and(
              eq(testProcessorCharges.reference, request.providerReference),
              eq(testProcessorCharges.status, "authorized"),
              sql`${testProcessorCharges.amount} >= ${request.amount}`,
            ),
          )
          .returning({ reference: testProcessorCharges.reference });
        return moved.length > 0
          ? { status: "captured", amount: request.amount }
          : { status: "failed", reason: "not_capturable" };
      });
      return flaky === "after" ? { status: "unknown", reason: "timeout" } : outcome;
    },

    async refund(request) {
      const flaky = await flake();
      if (flaky === "before" || fault?.("refund") === "timeout")
        return { status: "unknown", reason: "timeout" };
      const outcome = await once<RefundOutcome>(db, request, "refund", clock.now(), async (tx) => {
        const moved = await tx
          .update(testProcessorCharges)
          .set({ refundedAmount: sql`${testProcessorCharges.refundedAmount} + ${request.amount}` })
          .where(
            and(
              eq(testProcessorCharges.reference, request.providerReference),
              eq(testProcessorCharges.status, "captured"),
              sql`${testProcessorCharges.refundedAmount} + ${request.amount} <= ${testProcessorCharges.capturedAmount}`,
            ),
          )
          .returning({ reference: testProcessorCharges.reference });
        return moved.length > 0
          ? { status: "refunded", providerReference: newId("testre") }
          : { status: "failed", reason: "amount_exceeds_captured" };
      });
      return flaky === "after" ? { status: "unknown", reason: "timeout" } : outcome;
    },
  };
}

/**
 * Runs a money movement at most once per key: the key row is claimed first in the same
 * transaction, so a parallel call with the same key waits and then reads the first answer.
 */
async function once<T>(
  db: Db,
  request: { idempotencyKey: string; providerReference: string; amount: number },
  kind: "capture" | "refund",
  at: Date,
  act: (tx: Db) => Promise<T>,
): Promise<T> {
  const fresh = await db.transaction(async (tx) => {
    const claimed = await tx
      .insert(testProcessorOperations)
      .values({
        idempotencyKey: request.idempotencyKey,
        chargeReference: request.providerReference,
        kind,
        amount: request.amount,
        outcome: {},
        createdAt: at,
      })
      .onConflictDoNothing()
      .returning({ key: testProcessorOperations.idempotencyKey });
    if (claimed.length === 0) return undefined;
    const outcome = await act(tx);
    await tx
      .update(testProcessorOperations)
      .set({ outcome })
      .where(eq(testProcessorOperations.idempotencyKey, request.idempotencyKey));
    return outcome;
  });
  if (fresh) return fresh;
  const [row] = await db
    .select()
    .from(testProcessorOperations)
    .where(eq(testProcessorOperations.idempotencyKey, request.idempotencyKey));
  return row!.outcome as T;
}

/** A charge as the processor records it, first come first served per key: built once. */
const insertCharge = preparedQuery((db) =>
  db
    .insert(testProcessorCharges)
    .values({
      idempotencyKey: sql.placeholder("idempotencyKey"),
      reference: sql.placeholder("reference"),
      outcome: sql.placeholder("outcome"),
      status: sql.placeholder("status"),
      challengeId: placeholderFor(testProcessorCharges.challengeId, "challengeId"),
      amount: sql.placeholder("amount"),
      createdAt: sql.placeholder("createdAt"),
    })
    .onConflictDoNothing()
    .returning({ outcome: testProcessorCharges.outcome })
    .prepare("test_processor_charge_insert"),
);
