import { eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { customers } from "./schema.ts";

export type CustomerRow = typeof customers.$inferSelect;

/** Emails are compared lower-cased and trimmed: one mailbox, one account. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findCustomerByEmail(db: Db, email: string): Promise<CustomerRow | undefined> {
  const [row] = await db
    .select()
    .from(customers)
    .where(eq(customers.email, normalizeEmail(email)));
  return row;
}

export async function getCustomer(db: Db, customerId: string): Promise<CustomerRow | undefined> {
  const [row] = await db.select().from(customers).where(eq(customers.id, customerId));
  return row;
}

/** The account as its owner may see it: never the password hash. */
export function toCustomerJson(c: CustomerRow) {
  return {
    id: c.id,
    email: c.email,
    emailVerified: c.emailVerifiedAt !== null,
    createdAt: c.createdAt.toISOString(),
  };
}
