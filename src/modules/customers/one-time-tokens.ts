import { and, count, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { newId, newSecret } from "../../shared/ids.ts";
import { customerTokens, type OneTimeTokenPurpose } from "./schema.ts";
import { hashSecret } from "./secret-hash.ts";

const lifetimeMs: Record<OneTimeTokenPurpose, number> = {
  password_reset: 60 * 60_000,
  email_verification: 7 * 24 * 60 * 60_000,
};

/** Issues an emailed single-use token; only its hash is stored. */
export async function issueOneTimeToken(
  tx: Db,
  customerId: string,
  purpose: OneTimeTokenPurpose,
  at: Date,
): Promise<string> {
  const token = newSecret(purpose === "password_reset" ? "cw_pr" : "cw_ev");
  await tx.insert(customerTokens).values({
    id: newId("otk"),
    customerId,
    purpose,
    tokenHash: hashSecret(token),
    createdAt: at,
    expiresAt: new Date(at.getTime() + lifetimeMs[purpose]),
  });
  return token;
}

/**
 * Uses a token up: one conditional update, so of two racing requests exactly one gets the
 * customer id; an expired, used or unknown token gets undefined. Inside the caller's transaction,
 * so a failure after it rolls the use back and the link still works.
 */
export async function consumeOneTimeToken(
  tx: Db,
  token: string,
  purpose: OneTimeTokenPurpose,
  at: Date,
): Promise<string | undefined> {
  const [row] = await tx
    .update(customerTokens)
    .set({ usedAt: at })
    .where(
      and(
        eq(customerTokens.purpose, purpose),
        eq(customerTokens.tokenHash, hashSecret(token)),
        isNull(customerTokens.usedAt),
        gt(customerTokens.expiresAt, at),
      ),
    )
    .returning({ customerId: customerTokens.customerId });
  return row?.customerId;
}

/** How many tokens of this purpose the customer was sent since `since` (to bound emails per hour). */
export async function countTokensIssued(
  db: Db,
  customerId: string,
  purpose: OneTimeTokenPurpose,
  since: Date,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(customerTokens)
    .where(
      and(
        eq(customerTokens.customerId, customerId),
        eq(customerTokens.purpose, purpose),
        gt(customerTokens.createdAt, since),
      ),
    );
  return row?.n ?? 0;
}
