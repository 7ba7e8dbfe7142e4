import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { findDeliveryCalendar } from "./delivery-calendar.ts";
import { type DeliveryEstimate, estimateDelivery } from "./delivery-estimate.ts";
import { shippingMethods, shippingRates } from "./schema.ts";

export interface ShippingOption {
  methodId: string;
  code: string;
  name: string;
  /** Price in the cart's currency, minor units. */
  amount: number;
  minTransitDays: number;
  maxTransitDays: number;
  /** When an order placed at `destination.at` would arrive; null when no time was given. */
  estimate: DeliveryEstimate | null;
}

export interface Destination {
  country: string;
  currency: string;
  /** The order time to estimate delivery from; omit when no estimate is needed. */
  at?: Date | undefined;
}

/** Methods that deliver to `country` and are priced in `currency`, cheapest first. */
export async function listShippingOptions(db: Db, destination: Destination): Promise<ShippingOption[]> {
  const rows = await db
    .select({
      methodId: shippingMethods.id,
      code: shippingMethods.code,
      name: shippingMethods.name,
      amount: shippingRates.amount,
      minTransitDays: shippingMethods.minTransitDays,
      maxTransitDays: shippingMethods.maxTransitDays,
    })
    .from(shippingMethods)
    .innerJoin(
      shippingRates,
      and(eq(shippingRates.methodId, shippingMethods.id), eq(shippingRates.currency, destination.currency)),
    )
    .where(
      and(eq(shippingMethods.active, true), sql`${destination.country} = any(${shippingMethods.countries})`),
    )
    .orderBy(asc(shippingRates.amount), asc(shippingMethods.code));
  const at = destination.at;
  if (!at || rows.length === 0) return rows.map((r) => ({ ...r, estimate: null }));
  const calendar = await findDeliveryCalendar(db, destination.country, at);
  return rows.map((r) => ({
    ...r,
    estimate: estimateDelivery({ now: at, ...calendar, ...r }),
  }));
}

/** The option for one method if it is still valid for this destination and currency. */
export async function findShippingOption(
  db: Db,
  methodId: string,
  destination: Destination,
): Promise<ShippingOption | undefined> {
  const options = await listShippingOptions(db, destination);
  return options.find((o) => o.methodId === methodId);
}

export async function createShippingMethod(
  db: Db,
  input: {
    code: string;
    name: string;
    countries: string[];
    minTransitDays: number;
    maxTransitDays: number;
    rates: Record<string, number>;
  },
): Promise<string> {
  const id = newId("ship");
  await db.transaction(async (tx) => {
    const { rates, ...method } = input;
    await tx.insert(shippingMethods).values({ id, ...method });
    await tx
      .insert(shippingRates)
      .values(Object.entries(rates).map(([currency, amount]) => ({ methodId: id, currency, amount })));
  });
  return id;
}
