import type { Context } from "../../shared/context.ts";
import { ok, type Result } from "../../shared/failure.ts";
import { verifyUnsubscribeToken } from "./recovery-links.ts";
import { recoveryUnsubscribes } from "./schema.ts";

/**
 * Records that the address in a signed unsubscribe link wants no more cart reminders; the
 * reminder pass checks it before every send. Idempotent: a second click changes nothing.
 */
export async function recordUnsubscribe(
  ctx: Context & { secret: string },
  token: string,
): Promise<Result<{ email: string }>> {
  const verified = verifyUnsubscribeToken(ctx.secret, token);
  if (!verified.ok) return verified;
  const email = verified.value.email.toLowerCase();
  await ctx.db.insert(recoveryUnsubscribes).values({ email, at: ctx.clock.now() }).onConflictDoNothing();
  return ok({ email });
}
