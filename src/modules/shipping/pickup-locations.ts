import { asc, eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { type FieldError, fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { validateAddress } from "../addresses/index.ts";
import { changesShippingConfig } from "./config-cache.ts";
import { type OpeningHours, type PlaceAddress, shippingMethods, shippingPickupLocations } from "./schema.ts";

export type PickupLocationView = typeof shippingPickupLocations.$inferSelect;
export type PickupLocationInput = Omit<PickupLocationView, "id" | "methodId" | "active"> & {
  active?: boolean;
};

/** Adds a store to a pickup method, its address checked by the country's rules. */
export const addPickupLocation = changesShippingConfig(async function addPickupLocation(
  db: Db,
  methodId: string,
  input: PickupLocationInput,
): Promise<Result<PickupLocationView>> {
  const [method] = await db
    .select({ kind: shippingMethods.kind })
    .from(shippingMethods)
    .where(eq(shippingMethods.id, methodId));
  if (!method) return fail("not_found", `No shipping method ${methodId}.`);
  if (method.kind !== "pickup")
    return invalid([
      { field: "methodId", code: "not_pickup", message: "pickup locations belong to pickup methods" },
    ]);
  const checked = checkLocation(input);
  if (!checked.ok) return checked;
  const row = { id: newId("pul"), methodId, ...checked.value };
  await db.insert(shippingPickupLocations).values(row);
  return ok(row);
});

/** Replaces a location's details; carts that chose it see the change on their next read. */
export const updatePickupLocation = changesShippingConfig(async function updatePickupLocation(
  db: Db,
  id: string,
  input: PickupLocationInput,
): Promise<Result<PickupLocationView>> {
  const checked = checkLocation(input);
  if (!checked.ok) return checked;
  const [row] = await db
    .update(shippingPickupLocations)
    .set(checked.value)
    .where(eq(shippingPickupLocations.id, id))
    .returning();
  return row ? ok(row) : fail("not_found", `No pickup location ${id}.`);
});

/** Deletes a location; a cart that chose it is asked for a shipping method again. */
export const deletePickupLocation = changesShippingConfig(async function deletePickupLocation(
  db: Db,
  id: string,
): Promise<Result<void>> {
  const rows = await db
    .delete(shippingPickupLocations)
    .where(eq(shippingPickupLocations.id, id))
    .returning({ id: shippingPickupLocations.id });
  return rows.length > 0 ? ok(undefined) : fail("not_found", `No pickup location ${id}.`);
});

export async function listPickupLocations(db: Db, methodId: string): Promise<PickupLocationView[]> {
  return db
    .select()
    .from(shippingPickupLocations)
    .where(eq(shippingPickupLocations.methodId, methodId))
    .orderBy(asc(shippingPickupLocations.name));
}

function checkLocation(
  input: PickupLocationInput,
): Result<Omit<PickupLocationInput, "active"> & { active: boolean }> {
  const errors: FieldError[] = [];
  // The addresses module checks people's addresses; a store has a name instead of a person's.
  const valid = validateAddress({ ...input.address, firstName: input.name, lastName: input.name }, "address");
  if (!valid.ok) errors.push(...(valid.failure.errors ?? []));
  if (!isTimeZone(input.timeZone))
    errors.push({
      field: "timeZone",
      code: "unknown_time_zone",
      message: `${input.timeZone} is not an IANA time zone`,
    });
  errors.push(...checkOpeningHours(input.openingHours));
  if (!valid.ok || errors.length > 0) return invalid(errors);
  const { line1, line2, city, region, postalCode, country } = valid.value;
  const address: PlaceAddress = { line1, line2, city, region, postalCode, country };
  return ok({ ...input, address, active: input.active ?? true });
}

function checkOpeningHours(hours: OpeningHours): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<number>();
  for (const [i, h] of hours.entries()) {
    if (h.opens >= h.closes)
      errors.push({
        field: `openingHours.${i}`,
        code: "closes_before_opening",
        message: "closes must be after opens",
      });
    if (seen.has(h.weekday))
      errors.push({
        field: `openingHours.${i}`,
        code: "duplicate_weekday",
        message: "one entry per weekday",
      });
    seen.add(h.weekday);
  }
  return errors;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const invalid = (errors: FieldError[]) =>
  fail<never>("validation_failed", errors.map((e) => `${e.field}: ${e.message}`).join("; "), { errors });
