import { and, asc, eq, gte, inArray, lte } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { cachedConfig, changesShippingConfig } from "./config-cache.ts";
import type { WarehouseCalendar } from "./delivery-estimate.ts";
import { shippingHolidays, shippingWarehouses } from "./schema.ts";

/** Used until a merchant configures a warehouse: UTC, one processing day, 14:00 cut-off. */
const defaultWarehouse = {
  id: "default",
  country: "",
  timeZone: "UTC",
  processingDays: 1,
  cutoffTime: "14:00",
};

/** How far ahead holidays are read: enough for processing plus the slowest transit. */
const HORIZON_DAYS = 60;

export interface DeliveryCalendar {
  warehouse: WarehouseCalendar;
  destinationHolidays: string[];
}

/** The warehouse's calendar and the destination's holidays from `at` on (two small reads). */
export async function findDeliveryCalendar(db: Db, destination: string, at: Date): Promise<DeliveryCalendar> {
  const [warehouse = defaultWarehouse] = await cachedConfig(db, "warehouse", () =>
    db.select().from(shippingWarehouses).where(eq(shippingWarehouses.id, "default")),
  );
  const from = new Date(at.getTime() - 86_400_000).toISOString().slice(0, 10);
  const to = new Date(at.getTime() + HORIZON_DAYS * 86_400_000).toISOString().slice(0, 10);
  const holidays = await cachedConfig(db, `holidays:${destination}:${warehouse.country}:${from}:${to}`, () =>
    db
      .select({ country: shippingHolidays.country, date: shippingHolidays.date })
      .from(shippingHolidays)
      .where(
        and(
          inArray(shippingHolidays.country, [destination, warehouse.country]),
          gte(shippingHolidays.date, from),
          lte(shippingHolidays.date, to),
        ),
      ),
  );
  return {
    warehouse: {
      timeZone: warehouse.timeZone,
      processingDays: warehouse.processingDays,
      cutoffTime: warehouse.cutoffTime,
      holidays: holidays.filter((h) => h.country === warehouse.country).map((h) => h.date),
    },
    destinationHolidays: holidays.filter((h) => h.country === destination).map((h) => h.date),
  };
}

/** The configured warehouse, or the default used until one is set. */
export async function getWarehouse(db: Db): Promise<Omit<typeof shippingWarehouses.$inferSelect, "id">> {
  const [row = defaultWarehouse] = await db
    .select()
    .from(shippingWarehouses)
    .where(eq(shippingWarehouses.id, "default"));
  const { id: _id, ...warehouse } = row;
  return warehouse;
}

/** Holidays of one country, or of all, in date order (admin). */
export async function listHolidays(db: Db, country?: string) {
  return db
    .select()
    .from(shippingHolidays)
    .where(country ? eq(shippingHolidays.country, country) : undefined)
    .orderBy(asc(shippingHolidays.country), asc(shippingHolidays.date));
}

/** Removes one holiday; false when it was not there. */
export const removeHoliday = changesShippingConfig(async function removeHoliday(
  db: Db,
  country: string,
  date: string,
): Promise<boolean> {
  const rows = await db
    .delete(shippingHolidays)
    .where(and(eq(shippingHolidays.country, country), eq(shippingHolidays.date, date)))
    .returning({ date: shippingHolidays.date });
  return rows.length > 0;
});

/** Sets the warehouse the estimates start from (admin/seed). Idempotent. */
export const setWarehouse = changesShippingConfig(async function setWarehouse(
  db: Db,
  input: Omit<typeof shippingWarehouses.$inferInsert, "id">,
) {
  const row = { id: "default", ...input };
  await db
    .insert(shippingWarehouses)
    .values(row)
    .onConflictDoUpdate({ target: shippingWarehouses.id, set: input });
});

/** Adds public holidays of a country; dates already known are left as they are. */
export const addHolidays = changesShippingConfig(async function addHolidays(
  db: Db,
  country: string,
  holidays: readonly { date: string; name: string }[],
): Promise<void> {
  if (holidays.length === 0) return;
  await db
    .insert(shippingHolidays)
    .values(holidays.map((h) => ({ country, ...h })))
    .onConflictDoNothing();
});
