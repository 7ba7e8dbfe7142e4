import { asc, eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { type FieldError, fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { changesShippingConfig } from "./config-cache.ts";
import { shippingZones } from "./schema.ts";
import { ANY_COUNTRY, checkPostalPattern, normalizePostalCode } from "./zone-match.ts";

export type ZoneView = typeof shippingZones.$inferSelect;
export type ZoneInput = Omit<ZoneView, "id">;

/** Creates a zone after checking its regions and postal patterns; `shipping_code_taken` on a reused code. */
export const createZone = changesShippingConfig(async function createZone(
  db: Db,
  input: ZoneInput,
): Promise<Result<ZoneView>> {
  const checked = checkZone(input);
  if (!checked.ok) return checked;
  const zone = { id: newId("zone"), ...checked.value };
  const inserted = await db.insert(shippingZones).values(zone).onConflictDoNothing().returning();
  if (inserted.length === 0) return codeTaken(input.code);
  return ok(zone);
});

/** Replaces a zone's definition (carts are re-priced on their next read). */
export const updateZone = changesShippingConfig(async function updateZone(
  db: Db,
  id: string,
  input: ZoneInput,
): Promise<Result<ZoneView>> {
  const checked = checkZone(input);
  if (!checked.ok) return checked;
  const clash = await db
    .select({ id: shippingZones.id })
    .from(shippingZones)
    .where(eq(shippingZones.code, input.code));
  if (clash.some((z) => z.id !== id)) return codeTaken(input.code);
  const [row] = await db.update(shippingZones).set(checked.value).where(eq(shippingZones.id, id)).returning();
  return row ? ok(row) : fail("not_found", `No shipping zone ${id}.`);
});

/** Deletes a zone and the rates priced in it. */
export const deleteZone = changesShippingConfig(async function deleteZone(
  db: Db,
  id: string,
): Promise<Result<void>> {
  const rows = await db
    .delete(shippingZones)
    .where(eq(shippingZones.id, id))
    .returning({ id: shippingZones.id });
  return rows.length > 0 ? ok(undefined) : fail("not_found", `No shipping zone ${id}.`);
});

export async function listZones(db: Db): Promise<ZoneView[]> {
  return db.select().from(shippingZones).orderBy(asc(shippingZones.code));
}

const codeTaken = (code: string) =>
  fail<never>("shipping_code_taken", `Another shipping zone already has the code ${code}.`);

/** Normalizes a zone (upper case, postal patterns without spaces) or says which field is wrong. */
function checkZone(input: ZoneInput): Result<ZoneInput> {
  const errors: FieldError[] = [];
  const countries = [...new Set(input.countries.map((c) => c.toUpperCase()))];
  const norm = (xs: readonly string[]) => [...new Set(xs.map((x) => x.trim().toUpperCase()))];
  const regions = norm(input.regions);
  const excludedRegions = norm(input.excludedRegions);
  const postal = (xs: readonly string[]) => [...new Set(xs.map((x) => normalizePostalPattern(x)))];
  const postalCodes = postal(input.postalCodes);
  const excludedPostalCodes = postal(input.excludedPostalCodes);
  if (countries.length === 0) errors.push(error("countries", "required", "name at least one country, or *"));
  for (const [field, list] of [
    ["regions", regions],
    ["excludedRegions", excludedRegions],
  ] as const) {
    for (const region of list) {
      const country = region.slice(0, 2);
      if (!/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(region))
        errors.push(error(field, "invalid_region", `${region} is not an ISO 3166-2 code such as US-AK`));
      else if (!countries.includes(country) && !countries.includes(ANY_COUNTRY))
        errors.push(error(field, "region_outside_zone", `${region} is not in one of the zone's countries`));
    }
  }
  for (const [field, list] of [
    ["postalCodes", postalCodes],
    ["excludedPostalCodes", excludedPostalCodes],
  ] as const) {
    for (const pattern of list) {
      const problem = checkPostalPattern(pattern);
      if (problem) errors.push(error(field, "invalid_postal_pattern", problem));
    }
  }
  if (errors.length > 0)
    return fail("validation_failed", errors.map((e) => `${e.field}: ${e.message}`).join("; "), { errors });
  return ok({ ...input, countries, regions, excludedRegions, postalCodes, excludedPostalCodes });
}

const normalizePostalPattern = (pattern: string) =>
  pattern.includes("..")
    ? pattern
        .split("..")
        .map((p) => normalizePostalCode(p.trim()))
        .join("..")
    : normalizePostalCode(pattern.trim());

const error = (field: string, code: string, message: string): FieldError => ({ field, code, message });
