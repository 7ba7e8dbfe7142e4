import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { FailureError, fail, ok, type Result } from "../../shared/failure.ts";
import { newId } from "../../shared/ids.ts";
import { isSupportedCurrency } from "../../shared/money/index.ts";
import { changesShippingConfig } from "./config-cache.ts";
import { checkRateTable, type RateTable } from "./rate-table.ts";
import { type ShippingMethodKind, shippingMethods, shippingZoneRates, shippingZones } from "./schema.ts";

export interface MethodView {
  id: string;
  code: string;
  name: string;
  kind: ShippingMethodKind;
  minTransitDays: number;
  maxTransitDays: number;
  minWeightGrams: number | null;
  maxWeightGrams: number | null;
  active: boolean;
}

export type MethodInput = Omit<MethodView, "id" | "active" | "kind" | "minWeightGrams" | "maxWeightGrams"> &
  Partial<Pick<MethodView, "active" | "kind" | "minWeightGrams" | "maxWeightGrams">>;

export interface RateInput {
  rate: RateTable;
  minSubtotal?: number | null | undefined;
  maxSubtotal?: number | null | undefined;
}

export interface RateView extends Required<RateInput> {
  methodId: string;
  zoneId: string;
  zoneCode: string;
  currency: string;
}

const columns = {
  id: shippingMethods.id,
  code: shippingMethods.code,
  name: shippingMethods.name,
  kind: shippingMethods.kind,
  minTransitDays: shippingMethods.minTransitDays,
  maxTransitDays: shippingMethods.maxTransitDays,
  minWeightGrams: shippingMethods.minWeightGrams,
  maxWeightGrams: shippingMethods.maxWeightGrams,
  active: shippingMethods.active,
};

/**
 * Creates a shipping method with its rates, given per zone code (one transaction: nothing is
 * kept when a rate is refused). Pickup methods take no rates: they are free, and offered where
 * they have a location.
 */
export const createShippingMethod = changesShippingConfig(async function createShippingMethod(
  db: Db,
  input: MethodInput & { rates?: (RateInput & { zone: string; currency: string })[] },
): Promise<Result<MethodView>> {
  const { rates = [], ...fields } = input;
  const checked = checkMethod(fields);
  if (!checked) return checkedFail(fields);
  if (fields.kind === "pickup" && rates.length > 0)
    return fail("validation_failed", "rates: a pickup method is free and takes no rates", {
      errors: [{ field: "rates", code: "pickup_has_no_rates", message: "a pickup method takes no rates" }],
    });
  const id = newId("ship");
  try {
    return await db.transaction(async (tx) => insertMethod(tx, id, fields, rates));
  } catch (error) {
    if (error instanceof FailureError) return { ok: false, failure: error.failure };
    throw error;
  }
});

async function insertMethod(
  tx: Db,
  id: string,
  fields: MethodInput,
  rates: (RateInput & { zone: string; currency: string })[],
): Promise<Result<MethodView>> {
  const zoneCodes = [...new Set(rates.map((r) => r.zone))];
  const inserted = await tx
    .insert(shippingMethods)
    .values({ id, ...fields })
    .onConflictDoNothing()
    .returning(columns);
  const method = inserted[0];
  if (!method)
    return fail("shipping_code_taken", `Another shipping method already has the code ${fields.code}.`);
  const zones =
    zoneCodes.length === 0
      ? []
      : await tx
          .select({ id: shippingZones.id, code: shippingZones.code })
          .from(shippingZones)
          .where(inArray(shippingZones.code, zoneCodes));
  for (const [i, rate] of rates.entries()) {
    const zone = zones.find((z) => z.code === rate.zone);
    const problem = zone ? checkRate(rate, rate.currency) : `no shipping zone has the code ${rate.zone}`;
    if (problem || !zone) {
      // Thrown, so the method inserted above is rolled back with the transaction.
      throw new FailureError({
        code: "validation_failed",
        detail: `rates.${i}: ${problem}`,
        errors: [{ field: `rates.${i}`, code: "invalid_rate", message: problem ?? "" }],
      });
    }
    const { zone: _code, ...row } = rate;
    await tx.insert(shippingZoneRates).values({ methodId: id, zoneId: zone.id, ...row });
  }
  return ok(method);
}

/** Changes a method's name, transit days, weight limits or whether it is offered. */
export const updateShippingMethod = changesShippingConfig(async function updateShippingMethod(
  db: Db,
  id: string,
  changes: Partial<Omit<MethodView, "id" | "code" | "kind">>,
): Promise<Result<MethodView>> {
  const [current] = await db.select(columns).from(shippingMethods).where(eq(shippingMethods.id, id));
  if (!current) return fail("not_found", `No shipping method ${id}.`);
  const next = { ...current, ...changes };
  if (!checkMethod(next)) return checkedFail(next);
  const { id: _id, code: _code, kind: _kind, ...set } = next;
  const [row] = await db
    .update(shippingMethods)
    .set(set)
    .where(eq(shippingMethods.id, id))
    .returning(columns);
  return ok(row!);
});

export async function listShippingMethods(db: Db): Promise<MethodView[]> {
  return db.select(columns).from(shippingMethods).orderBy(asc(shippingMethods.code));
}

/** Sets (creates or replaces) a delivery method's rate in one zone and currency. Idempotent. */
export const setMethodRate = changesShippingConfig(async function setMethodRate(
  db: Db,
  key: { methodId: string; zoneId: string; currency: string },
  input: RateInput,
): Promise<Result<RateView>> {
  const [method] = await db.select(columns).from(shippingMethods).where(eq(shippingMethods.id, key.methodId));
  if (!method) return fail("not_found", `No shipping method ${key.methodId}.`);
  if (method.kind === "pickup")
    return fail("validation_failed", "A pickup method is free and takes no rates.", {
      errors: [{ field: "methodId", code: "pickup_has_no_rates", message: "a pickup method takes no rates" }],
    });
  const [zone] = await db.select().from(shippingZones).where(eq(shippingZones.id, key.zoneId));
  if (!zone) return fail("not_found", `No shipping zone ${key.zoneId}.`);
  const problem = checkRate(input, key.currency);
  if (problem)
    return fail("validation_failed", problem, {
      errors: [{ field: "rate", code: "invalid_rate", message: problem }],
    });
  const row = {
    ...key,
    rate: input.rate,
    minSubtotal: input.minSubtotal ?? null,
    maxSubtotal: input.maxSubtotal ?? null,
  };
  await db
    .insert(shippingZoneRates)
    .values(row)
    .onConflictDoUpdate({
      target: [shippingZoneRates.methodId, shippingZoneRates.zoneId, shippingZoneRates.currency],
      set: { rate: row.rate, minSubtotal: row.minSubtotal, maxSubtotal: row.maxSubtotal },
    });
  return ok({ ...row, zoneCode: zone.code });
});

export const removeMethodRate = changesShippingConfig(async function removeMethodRate(
  db: Db,
  key: { methodId: string; zoneId: string; currency: string },
): Promise<Result<void>> {
  const rows = await db
    .delete(shippingZoneRates)
    .where(
      and(
        eq(shippingZoneRates.methodId, key.methodId),
        eq(shippingZoneRates.zoneId, key.zoneId),
        eq(shippingZoneRates.currency, key.currency),
      ),
    )
    .returning({ methodId: shippingZoneRates.methodId });
  return rows.length > 0 ? ok(undefined) : fail("not_found", "No such rate.");
});

export async function listMethodRates(db: Db, methodId: string): Promise<RateView[]> {
  const rows = await db
    .select({ rate: shippingZoneRates, zoneCode: shippingZones.code })
    .from(shippingZoneRates)
    .innerJoin(shippingZones, eq(shippingZones.id, shippingZoneRates.zoneId))
    .where(eq(shippingZoneRates.methodId, methodId))
    .orderBy(asc(shippingZones.code), asc(shippingZoneRates.currency));
  return rows.map((r) => ({ ...r.rate, zoneCode: r.zoneCode }));
}

function checkRate(input: RateInput, currency: string): string | undefined {
  if (!isSupportedCurrency(currency)) return `${currency} is not a supported ISO 4217 currency`;
  const { minSubtotal: min, maxSubtotal: max } = input;
  if (min != null && max != null && min > max) return "minSubtotal is above maxSubtotal";
  return checkRateTable(input.rate);
}

type MethodFields = Pick<MethodView, "minTransitDays" | "maxTransitDays"> &
  Partial<Pick<MethodView, "minWeightGrams" | "maxWeightGrams">>;

const checkMethod = (m: MethodFields) =>
  m.minTransitDays <= m.maxTransitDays &&
  (m.minWeightGrams == null || m.maxWeightGrams == null || m.minWeightGrams <= m.maxWeightGrams);

function checkedFail(m: MethodFields): Result<never> {
  const field = m.minTransitDays > m.maxTransitDays ? "minTransitDays" : "minWeightGrams";
  const message = `${field} must not be above its maximum`;
  return fail("validation_failed", message, { errors: [{ field, code: "min_above_max", message }] });
}
