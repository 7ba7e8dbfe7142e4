import { eq } from "drizzle-orm";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { findCustomerByEmail } from "./customers.repository.ts";
import type { CustomersContext } from "./customers-context.ts";
import { hashPassword, isHashOutdated, verifyAgainstNothing, verifyPassword } from "./password.ts";
import { customers } from "./schema.ts";
import { type CustomerSession, startSession } from "./sessions.ts";
import {
  clearSignInFailures,
  recordSignInFailure,
  secondsLockedOut,
  throttleKeys,
} from "./sign-in-throttle.ts";

/**
 * Checks email and password and opens a session. After `maxFailures` failures in the window for
 * this email or this IP, refuses with `rate_limited` (and `retryAfterSeconds`) without checking
 * the password. A wrong password and an unknown email look the same, in body and in time.
 */
export async function signIn(
  ctx: CustomersContext,
  input: { email: string; password: string; ip: string },
): Promise<Result<CustomerSession & { token: string }>> {
  const at = ctx.clock.now();
  const keys = throttleKeys(input.email, input.ip);
  const wait = await secondsLockedOut(ctx.db, [keys.email, keys.ip], at);
  if (wait > 0)
    return fail("rate_limited", `Too many failed sign-ins; try again in ${wait} seconds.`, {
      meta: { retryAfterSeconds: wait },
    });
  const customer = await findCustomerByEmail(ctx.db, input.email);
  // An unknown email still costs one argon2 check, so timing does not tell it apart.
  const good = customer
    ? await verifyPassword(customer.passwordHash, input.password)
    : await verifyAgainstNothing(input.password);
  if (!customer || !good) {
    await recordSignInFailure(ctx.db, [keys.email, keys.ip], at);
    return fail("invalid_credentials", "The email or password is wrong.");
  }
  await clearSignInFailures(ctx.db, keys.email);
  // The only moment the password is known: move old hashes to today's parameters.
  if (isHashOutdated(customer.passwordHash)) await rehash(ctx, customer.id, input.password, at);
  return ok(await startSession(ctx.db, customer.id, at, ctx.sessionTtlHours));
}

async function rehash(ctx: CustomersContext, customerId: string, password: string, at: Date): Promise<void> {
  const passwordHash = await hashPassword(password);
  await ctx.db.update(customers).set({ passwordHash, updatedAt: at }).where(eq(customers.id, customerId));
}
