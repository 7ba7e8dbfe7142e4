import { eq } from "drizzle-orm";
import type { Db } from "../../../shared/db/database.ts";
import { newId } from "../../../shared/ids.ts";
import type { AuthorizeOutcome, DeclineReason, PaymentGateway } from "../gateway.ts";
import { testProcessorCharges } from "../schema.ts";

/** Behaviour per test token, after the public test-card conventions (Stripe's `tok_*`). */
const approved: Record<string, { brand: string; last4: string }> = {
  tok_visa: { brand: "visa", last4: "4242" },
  tok_visa_debit: { brand: "visa", last4: "5556" },
  tok_mastercard: { brand: "mastercard", last4: "4444" },
  tok_amex: { brand: "amex", last4: "8431" },
  tok_discover: { brand: "discover", last4: "1117" },
  tok_jcb: { brand: "jcb", last4: "0505" },
};
const declined: Record<string, DeclineReason> = {
  tok_chargeDeclined: "generic_decline",
  tok_chargeDeclinedInsufficientFunds: "insufficient_funds",
  tok_chargeDeclinedLostCard: "lost_card",
  tok_chargeDeclinedStolenCard: "stolen_card",
  tok_chargeDeclinedExpiredCard: "expired_card",
  tok_chargeDeclinedIncorrectCvc: "incorrect_cvc",
  tok_chargeDeclinedFraudulent: "fraudulent",
};

export interface TestGatewayOptions {
  latencyMs?: number;
  /** Called before each authorize; throw or return "timeout" to simulate an outage (tests). */
  fault?: (call: "authorize" | "lookup" | "void") => "timeout" | undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The built-in simulated card processor. It keeps its own ledger (a table standing for the
 * provider's side), keyed by our idempotency key: the same key never authorizes twice.
 */
export function createTestGateway(
  db: Db,
  clock: { now(): Date },
  options: TestGatewayOptions = {},
): PaymentGateway {
  const { latencyMs = 0, fault } = options;

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
      if (latencyMs > 0) await sleep(latencyMs);
      const existing = await recorded(request.idempotencyKey);
      if (existing) return existing;
      let outcome: AuthorizeOutcome;
      const reference = newId("testch");
      if (request.source === "tok_chargeDeclinedProcessingError") {
        return { status: "unknown", reason: "processing_error" };
      } else if (approved[request.source]) {
        const card = approved[request.source]!;
        outcome = {
          status: "authorized",
          providerReference: reference,
          authorizationCode: reference.slice(-6).toUpperCase(),
          ...card,
        };
      } else {
        outcome = {
          status: "declined",
          reason: declined[request.source] ?? "invalid_source",
          providerReference: reference,
        };
      }
      await db
        .insert(testProcessorCharges)
        .values({
          idempotencyKey: request.idempotencyKey,
          reference,
          outcome,
          status: outcome.status === "authorized" ? "authorized" : "declined",
          createdAt: clock.now(),
        })
        .onConflictDoNothing();
      // A fault after the charge exists is the nasty case: the caller cannot tell it happened.
      if (fault?.("authorize") === "timeout") return { status: "unknown", reason: "timeout" };
      return (await recorded(request.idempotencyKey))!;
    },

    async lookup(idempotencyKey) {
      if (fault?.("lookup") === "timeout") return { status: "unknown", reason: "timeout" };
      return (await recorded(idempotencyKey)) ?? { status: "not_found" };
    },

    async void({ idempotencyKey }) {
      if (fault?.("void") === "timeout") return { status: "unknown", reason: "timeout" };
      await db
        .update(testProcessorCharges)
        .set({ status: "voided" })
        .where(eq(testProcessorCharges.idempotencyKey, idempotencyKey));
      return { status: "voided" };
    },
  };
}
