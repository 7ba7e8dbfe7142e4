import { eq, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../../shared/db/database.ts";
import type { BankAccount } from "../domain/bank-account.ts";
import { creditorReference } from "../domain/creditor-reference.ts";
import type { AuthorizeOutcome, PaymentGateway } from "../gateway.ts";
import { offlinePaymentReferences } from "../schema.ts";

export type OfflineMethod = "bank_transfer" | "purchase_order";

export interface OfflineGatewayOptions {
  /** The merchant's account shown to the shopper; null when only invoices without it are sent. */
  payTo: BankAccount | null;
  /** Days the shopper has to pay (bank transfer); a purchase order's customer terms replace it. */
  dueDays: number;
}

/**
 * Bank transfer and purchase order as gateways: nobody is called, nothing is held. "Authorize"
 * gives the attempt its creditor reference (once per attempt: the ledger row is keyed by the
 * attempt id, so a retry or a lookup after a crash gets the same one) and says the money is to
 * come. The money arrives later as receipts (record-receipt.ts): marked paid or read from a
 * bank statement. Void has nothing to release; a refund is the merchant's own transfer back.
 */
export function createOfflineGateway(
  db: Db,
  clock: { now(): Date },
  provider: OfflineMethod,
  options: OfflineGatewayOptions,
): PaymentGateway {
  const outcomeOf = (reference: string): AuthorizeOutcome => ({
    status: "authorized",
    providerReference: reference,
    authorizationCode: "",
    brand: provider,
    last4: "",
    awaitingPayment: { reference, payTo: options.payTo, dueDays: options.dueDays },
  });

  async function recorded(key: string): Promise<string | undefined> {
    const [row] = await db
      .select({ reference: offlinePaymentReferences.reference })
      .from(offlinePaymentReferences)
      .where(eq(offlinePaymentReferences.idempotencyKey, key));
    return row?.reference;
  }

  return {
    provider,
    async authorize(request) {
      const existing = await recorded(request.idempotencyKey);
      if (existing) return outcomeOf(existing);
      // A sequence keeps references short enough to type (RF + 2 + 6..n digits) and unique.
      const [seq] = await queryRows<{ n: string }>(
        db,
        sql`select nextval('payment_reference_seq')::text as n`,
      );
      await db
        .insert(offlinePaymentReferences)
        .values({
          idempotencyKey: request.idempotencyKey,
          provider,
          reference: creditorReference(seq!.n),
          createdAt: clock.now(),
        })
        .onConflictDoNothing();
      // Read back: a parallel call with the same key may have written first; its reference wins.
      return outcomeOf((await recorded(request.idempotencyKey))!);
    },
    async lookup(key) {
      const reference = await recorded(key);
      return reference ? outcomeOf(reference) : { status: "not_found" };
    },
    async void() {
      return { status: "voided" };
    },
    async capture() {
      // Money for an offline payment comes in as receipts, never by a capture call.
      return { status: "failed", reason: "offline_payment" };
    },
    async refund(request) {
      // Recorded so refunded ≤ captured holds (G8); the merchant sends the money back themselves.
      return { status: "refunded", providerReference: `offline_${request.idempotencyKey}` };
    },
  };
}
