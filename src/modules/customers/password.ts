import argon2 from "argon2";
import type { FieldError } from "../../shared/failure.ts";

export const minPasswordLength = 10;
/** Long enough for any passphrase, short enough that hashing cannot be used to burn CPU. */
export const maxPasswordLength = 200;

/**
 * argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): tens of milliseconds per
 * guess on a server, far more on an attacker's GPU. The parameters live in each stored hash, so
 * raising them later only affects new hashes (see docs/decisions/008-customer-passwords-and-sessions.md).
 */
const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => argon2.hash(password, options);

/** True when a stored hash was made with other parameters than today's (rehash at sign-in). */
export const isHashOutdated = (hash: string): boolean => argon2.needsRehash(hash, options);

/** True when `password` matches the stored hash. Never throws for a wrong password. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * Burns the same work as a real check for an email without an account, so the response time
 * does not tell which emails have accounts.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword("no account has this password; it only costs time");
  await verifyPassword(await dummy, password);
  return false;
}

/** Why a new password is refused (empty when it is acceptable). Pure. */
export function passwordProblems(password: string, email: string): FieldError[] {
  const problems: FieldError[] = [];
  if (password.length < minPasswordLength)
    problems.push({
      field: "password",
      code: "too_short",
      message: `must be at least ${minPasswordLength} characters`,
    });
  if (password.length > maxPasswordLength)
    problems.push({
      field: "password",
      code: "too_long",
      message: `must be at most ${maxPasswordLength} characters`,
    });
  const lowered = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  if (lowered === address || lowered === address.split("@")[0])
    problems.push({ field: "password", code: "same_as_email", message: "must not be your email address" });
  return problems;
}
