import { eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { customers } from "./schema.ts";

/** The B2B price-list group of an account ("wholesale", …); null for retail or no such account. */
export async function findCustomerGroup(db: Db, customerId: string): Promise<string | null> {
  const [row] = await db
    .select({ group: customers.customerGroup })
    .from(customers)
    .where(eq(customers.id, customerId));
  return row?.group ?? null;
}

/** Puts an account in a group (null: retail). Carts re-price with it on their next read. */
export async function setCustomerGroup(
  db: Db,
  customerId: string,
  group: string | null,
  at: Date,
): Promise<Result<{ customerId: string; group: string | null }>> {
  const rows = await db
    .update(customers)
    .set({ customerGroup: group, updatedAt: at })
    .where(eq(customers.id, customerId))
    .returning({ id: customers.id });
  return rows.length > 0 ? ok({ customerId, group }) : fail("not_found", `No customer ${customerId}.`);
}
