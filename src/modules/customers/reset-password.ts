import { eq } from "drizzle-orm";
import { FailureError, fail, ok, type Result } from "../../shared/failure.ts";
import { queueAccountEmail } from "../notifications/index.ts";
import { findCustomerByEmail, getCustomer } from "./customers.repository.ts";
import type { CustomersContext } from "./customers-context.ts";
import { consumeOneTimeToken, countTokensIssued, issueOneTimeToken } from "./one-time-tokens.ts";
import { hashPassword, passwordProblems } from "./password.ts";
import { customers } from "./schema.ts";
import { revokeAllSessions } from "./sessions.ts";

/** Reset emails per account per hour: enough for a lost email, too few to flood a mailbox. */
export const maxResetEmailsPerHour = 3;

/**
 * Emails a one-hour, single-use reset link when the email has an account, and does nothing
 * otherwise (nor past `maxResetEmailsPerHour`): the caller answers the same either way, so
 * accounts cannot be discovered here.
 */
export async function requestPasswordReset(ctx: CustomersContext, email: string): Promise<void> {
  const customer = await findCustomerByEmail(ctx.db, email);
  if (!customer) return;
  const at = ctx.clock.now();
  const lastHour = new Date(at.getTime() - 3_600_000);
  if ((await countTokensIssued(ctx.db, customer.id, "password_reset", lastHour)) >= maxResetEmailsPerHour)
    return;
  await ctx.db.transaction(async (tx) => {
    const token = await issueOneTimeToken(tx, customer.id, "password_reset", at);
    await queueAccountEmail(tx, { kind: "password_reset", recipient: customer.email, token }, ctx.store, at);
  });
  ctx.onEmailQueued?.();
}

const invalidToken = () =>
  fail<never>("token_invalid", "This link is invalid, expired or already used; request a new one.");

/**
 * Sets a new password with a reset token, uses the token up and signs the customer out
 * everywhere, in one transaction: a refused password leaves the token usable.
 */
export async function confirmPasswordReset(
  ctx: CustomersContext,
  input: { token: string; password: string },
): Promise<Result<void>> {
  const passwordHash = await hashPassword(input.password);
  const at = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const customerId = await consumeOneTimeToken(tx, input.token, "password_reset", at);
      const customer = customerId ? await getCustomer(tx, customerId) : undefined;
      if (!customer) return invalidToken();
      const problems = passwordProblems(input.password, customer.email);
      if (problems.length > 0)
        throw new FailureError({
          code: "validation_failed",
          detail: problems.map((p) => `${p.field}: ${p.message}`).join("; "),
          errors: problems,
        });
      await tx.update(customers).set({ passwordHash, updatedAt: at }).where(eq(customers.id, customer.id));
      await revokeAllSessions(tx, customer.id, at);
      return ok(undefined);
    });
  } catch (error) {
    if (error instanceof FailureError) return { ok: false, failure: error.failure };
    throw error;
  }
}
