import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { newId, newSecret } from "../../shared/ids.ts";
import { customerSessions } from "./schema.ts";
import { hashSecret } from "./secret-hash.ts";

/** The prefix tells a reader (and a secret scanner) what a leaked token is. */
export const sessionTokenPrefix = "cw_cs";

export interface CustomerSession {
  sessionId: string;
  customerId: string;
  expiresAt: Date;
}

/** Opens a session; returns its token, shown to the client once and kept only as a hash. */
export async function startSession(
  db: Db,
  customerId: string,
  at: Date,
  ttlHours: number,
): Promise<CustomerSession & { token: string }> {
  const token = newSecret(sessionTokenPrefix);
  const session = {
    sessionId: newId("ses"),
    customerId,
    expiresAt: new Date(at.getTime() + ttlHours * 3_600_000),
  };
  await db.insert(customerSessions).values({
    id: session.sessionId,
    customerId,
    tokenHash: hashSecret(token),
    createdAt: at,
    expiresAt: session.expiresAt,
  });
  return { ...session, token };
}

/** The live session this token opens: not expired, not signed out. */
export async function findSession(db: Db, token: string, at: Date): Promise<CustomerSession | undefined> {
  if (!token.startsWith(`${sessionTokenPrefix}_`)) return undefined;
  const [row] = await db
    .select()
    .from(customerSessions)
    .where(
      and(
        eq(customerSessions.tokenHash, hashSecret(token)),
        isNull(customerSessions.revokedAt),
        gt(customerSessions.expiresAt, at),
      ),
    );
  return row && { sessionId: row.id, customerId: row.customerId, expiresAt: row.expiresAt };
}

/** Signs one session out. Idempotent. */
export async function revokeSession(db: Db, sessionId: string, at: Date): Promise<void> {
  await db
    .update(customerSessions)
    .set({ revokedAt: at })
    .where(and(eq(customerSessions.id, sessionId), isNull(customerSessions.revokedAt)));
}

/** Signs a customer out everywhere (after a password reset: whoever knew the old one is out). */
export async function revokeAllSessions(db: Db, customerId: string, at: Date): Promise<void> {
  await db
    .update(customerSessions)
    .set({ revokedAt: at })
    .where(and(eq(customerSessions.customerId, customerId), isNull(customerSessions.revokedAt)));
}
