import { eq } from "drizzle-orm";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { queueAccountEmail } from "../notifications/index.ts";
import { claimGuestOrders } from "../orders/index.ts";
import { getCustomer } from "./customers.repository.ts";
import type { CustomersContext } from "./customers-context.ts";
import { consumeOneTimeToken, issueOneTimeToken } from "./one-time-tokens.ts";
import { customers } from "./schema.ts";

/**
 * Marks the email verified and claims the guest orders placed with it, in one transaction with
 * using the token up. Following the link proves the mailbox, which is what makes the claim safe.
 */
export async function verifyEmail(
  ctx: CustomersContext,
  token: string,
): Promise<Result<{ customerId: string; claimedOrders: number }>> {
  const at = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const customerId = await consumeOneTimeToken(tx, token, "email_verification", at);
    const customer = customerId ? await getCustomer(tx, customerId) : undefined;
    if (!customer)
      return fail("token_invalid", "This link is invalid, expired or already used; request a new one.");
    if (!customer.emailVerifiedAt)
      await tx
        .update(customers)
        .set({ emailVerifiedAt: at, updatedAt: at })
        .where(eq(customers.id, customer.id));
    const claimedOrders = await claimGuestOrders(tx, customer.email, customer.id);
    return ok({ customerId: customer.id, claimedOrders });
  });
}

/** Sends a new verification link (the first may have expired or been lost). No-op once verified. */
export async function resendVerification(ctx: CustomersContext, customerId: string): Promise<void> {
  const customer = await getCustomer(ctx.db, customerId);
  if (!customer || customer.emailVerifiedAt) return;
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const token = await issueOneTimeToken(tx, customer.id, "email_verification", at);
    await queueAccountEmail(
      tx,
      { kind: "email_verification", recipient: customer.email, token },
      ctx.store,
      at,
    );
  });
  ctx.onEmailQueued?.();
}
