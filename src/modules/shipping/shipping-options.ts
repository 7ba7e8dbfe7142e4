import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { newId } from "../../shared/ids.ts";
import { shippingMethods, shippingRates } from "./schema.ts";

export interface ShippingOption {
  methodId: string;
  code: string;
  name: string;
  /** Price in the cart's currency, minor units. */
  amount: number;
  minTransitDays: number;
  maxTransitDays: number;
}

/** Methods that deliver to `country` and are priced in `currency`, cheapest first. */
export async function listShippingOptions(
  db: Db,
  destination: { country: string; currency: string },
): Promise<ShippingOption[]> {
  return db
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
}

/** The option for one method if it is still valid for this destination and currency. */
export async function findShippingOption(
  db: Db,
  methodId: string,
  destination: { country: string; currency: string },
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
