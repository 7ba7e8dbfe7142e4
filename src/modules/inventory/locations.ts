import { asc, eq } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { DEFAULT_LOCATION_ID } from "./location-stock.ts";
import { locations } from "./schema.ts";

export type Location = typeof locations.$inferSelect;

export interface LocationInput {
  code: string;
  name: string;
  country?: string | null | undefined;
  priority?: number | undefined;
  active?: boolean | undefined;
}

export async function listLocations(db: Db): Promise<Location[]> {
  return db.select().from(locations).orderBy(asc(locations.priority), asc(locations.id));
}

export async function findLocation(db: Db, id: string): Promise<Location | undefined> {
  const [row] = await db.select().from(locations).where(eq(locations.id, id));
  return row;
}

/** The first active location by priority: where unplaced receipts and restocks go. */
export async function primaryLocationId(db: Db): Promise<string> {
  const [first] = await db
    .select({ id: locations.id })
    .from(locations)
    .where(eq(locations.active, true))
    .orderBy(asc(locations.priority), asc(locations.id))
    .limit(1);
  return first?.id ?? DEFAULT_LOCATION_ID;
}

/** Adds a location; its code is unique (`location_code_taken`). */
export async function createLocation(db: Db, input: LocationInput, at: Date): Promise<Result<Location>> {
  const [row] = await db
    .insert(locations)
    .values({
      id: newId("loc"),
      code: input.code,
      name: input.name,
      country: input.country ?? null,
      priority: input.priority ?? 100,
      active: input.active ?? true,
      createdAt: at,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) return codeTaken(input.code);
  return ok(row);
}

/** Renames, re-ranks or (de)activates a location. Stock stays; an inactive one is not allocated from. */
export async function updateLocation(
  db: Db,
  id: string,
  patch: Partial<LocationInput>,
): Promise<Result<Location>> {
  if (!(await findLocation(db, id))) return fail("location_not_found", `There is no stock location ${id}.`);
  const values = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (patch.code) {
    const [other] = await db.select().from(locations).where(eq(locations.code, patch.code));
    if (other && other.id !== id) return codeTaken(patch.code);
  }
  if (Object.keys(values).length === 0) return ok((await findLocation(db, id))!);
  const [row] = await db.update(locations).set(values).where(eq(locations.id, id)).returning();
  return ok(row!);
}

const codeTaken = (code: string) =>
  fail("location_code_taken", `A location with code ${code} exists already.`, {
    errors: [{ field: "code", code: "location_code_taken", message: "is already used by another location" }],
  });
