import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { queueAccountEmail } from "../notifications/index.ts";
import { type CustomerRow, normalizeEmail } from "./customers.repository.ts";
import type { CustomersContext } from "./customers-context.ts";
import { issueOneTimeToken } from "./one-time-tokens.ts";
import { hashPassword, passwordProblems } from "./password.ts";
import { customers } from "./schema.ts";

/**
 * Creates an account and queues the email-verification link, in one transaction. Guest orders
 * with the same email join the account only once that link is followed (verify-email.ts).
 */
export async function registerCustomer(
  ctx: CustomersContext,
  input: { email: string; password: string },
): Promise<Result<CustomerRow>> {
  const email = normalizeEmail(input.email);
  const problems = passwordProblems(input.password, email);
  if (problems.length > 0)
    return fail("validation_failed", problems.map((p) => `${p.field}: ${p.message}`).join("; "), {
      errors: problems,
    });
  // Hashed before the transaction: no row is held while argon2 works.
  const passwordHash = await hashPassword(input.password);
  const at = ctx.clock.now();
  try {
    const customer = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(customers)
        .values({ id: newId("cus"), email, passwordHash, createdAt: at, updatedAt: at })
        .returning();
      const token = await issueOneTimeToken(tx, row!.id, "email_verification", at);
      await queueAccountEmail(tx, { kind: "email_verification", recipient: email, token }, ctx.store, at);
      return row!;
    });
    ctx.onEmailQueued?.();
    return ok(customer);
  } catch (error) {
    if (isUniqueViolation(error))
      return fail("email_taken", "An account with this email exists; sign in instead.");
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === "23505";
}
