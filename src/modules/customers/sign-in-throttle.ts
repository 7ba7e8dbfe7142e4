import { and, desc, eq, gt, inArray, lt } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { normalizeEmail } from "./customers.repository.ts";
import { signInFailures } from "./schema.ts";
import { hashSecret } from "./secret-hash.ts";

/** Failed sign-ins allowed per email and per client IP within the window before a lockout. */
export const maxFailures = 5;
export const failureWindowMs = 15 * 60_000;

export const throttleKeys = (email: string, ip: string) => ({
  email: `email:${hashSecret(normalizeEmail(email))}`,
  ip: `ip:${hashSecret(ip)}`,
});

/**
 * Seconds until sign-in may be tried again for this email or IP, or 0 when it may now. The
 * lock lifts when the oldest of the last `maxFailures` failures leaves the window.
 */
export async function secondsLockedOut(db: Db, keys: string[], at: Date): Promise<number> {
  let wait = 0;
  for (const key of keys) {
    const recent = await db
      .select({ at: signInFailures.at })
      .from(signInFailures)
      .where(
        and(eq(signInFailures.key, key), gt(signInFailures.at, new Date(at.getTime() - failureWindowMs))),
      )
      .orderBy(desc(signInFailures.at))
      .limit(maxFailures);
    if (recent.length < maxFailures) continue;
    const liftsAt = recent[maxFailures - 1]!.at.getTime() + failureWindowMs;
    wait = Math.max(wait, Math.ceil((liftsAt - at.getTime()) / 1000));
  }
  return wait;
}

/** Counts a failure against each key and forgets failures that left the window. */
export async function recordSignInFailure(db: Db, keys: string[], at: Date): Promise<void> {
  await db.insert(signInFailures).values(keys.map((key) => ({ id: newId("sif"), key, at })));
  await db
    .delete(signInFailures)
    .where(
      and(inArray(signInFailures.key, keys), lt(signInFailures.at, new Date(at.getTime() - failureWindowMs))),
    );
}

/** After a good password: the account's count starts over (the IP's stays, it may be guessing others). */
export async function clearSignInFailures(db: Db, key: string): Promise<void> {
  await db.delete(signInFailures).where(eq(signInFailures.key, key));
}
