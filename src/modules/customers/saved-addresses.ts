import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { type PostalAddress, validateAddress } from "../addresses/index.ts";
import { customerAddresses } from "./schema.ts";

/** Enough for home, work and family; a bound so one account cannot fill the table. */
export const maxSavedAddresses = 50;

export type SavedAddressRow = typeof customerAddresses.$inferSelect;

const notFound = (id: string) => fail<never>("not_found", `No saved address ${id}.`);

export async function listSavedAddresses(db: Db, customerId: string): Promise<SavedAddressRow[]> {
  return db
    .select()
    .from(customerAddresses)
    .where(eq(customerAddresses.customerId, customerId))
    .orderBy(asc(customerAddresses.createdAt), asc(customerAddresses.id));
}

/** Saves an address after the same per-country checks a cart's shipping address gets. */
export async function saveAddress(
  db: Db,
  customerId: string,
  given: PostalAddress,
  at: Date,
): Promise<Result<SavedAddressRow>> {
  const valid = validateAddress(given, "address");
  if (!valid.ok) return valid;
  const [held] = await db
    .select({ n: count() })
    .from(customerAddresses)
    .where(eq(customerAddresses.customerId, customerId));
  if ((held?.n ?? 0) >= maxSavedAddresses)
    return fail("validation_failed", `At most ${maxSavedAddresses} addresses can be saved.`);
  const [row] = await db
    .insert(customerAddresses)
    .values({ id: newId("cad"), customerId, address: valid.value, createdAt: at, updatedAt: at })
    .returning();
  return ok(row!);
}

/** Replaces a saved address; another customer's address id answers like an unknown one (G16). */
export async function replaceAddress(
  db: Db,
  customerId: string,
  addressId: string,
  given: PostalAddress,
  at: Date,
): Promise<Result<SavedAddressRow>> {
  const valid = validateAddress(given, "address");
  if (!valid.ok) return valid;
  const [row] = await db
    .update(customerAddresses)
    .set({ address: valid.value, updatedAt: at })
    .where(and(eq(customerAddresses.id, addressId), eq(customerAddresses.customerId, customerId)))
    .returning();
  return row ? ok(row) : notFound(addressId);
}

export async function deleteAddress(db: Db, customerId: string, addressId: string): Promise<Result<void>> {
  const gone = await db
    .delete(customerAddresses)
    .where(and(eq(customerAddresses.id, addressId), eq(customerAddresses.customerId, customerId)))
    .returning({ id: customerAddresses.id });
  return gone.length > 0 ? ok(undefined) : notFound(addressId);
}
