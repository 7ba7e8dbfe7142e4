import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { cachedConfig } from "./config-cache.ts";
import { findDeliveryCalendar } from "./delivery-calendar.ts";
import { type DeliveryEstimate, estimateDelivery } from "./delivery-estimate.ts";
import { estimatePickup } from "./pickup-estimate.ts";
import { type ShippingRateProvider, tableRateProvider } from "./rate-provider.ts";
import { freeShippingThreshold, type RatedCart } from "./rate-table.ts";
import {
  type OpeningHours,
  type PlaceAddress,
  type ShippingMethodKind,
  shippingMethods,
  shippingPickupLocations,
  shippingZoneRates,
  shippingZones,
} from "./schema.ts";
import { mostSpecificZone, type ZoneAddress } from "./zone-match.ts";

/** A store to collect from, with the first day an order placed now will be ready there. */
export interface PickupLocationOption {
  id: string;
  name: string;
  address: PlaceAddress;
  timeZone: string;
  openingHours: OpeningHours;
  /** Open days after the order day until an order is ready. */
  readyInDays: number;
  /** Local ISO date; null when no time was given or the store has no opening hours. */
  readyFrom: string | null;
}

export interface ShippingOption {
  methodId: string;
  code: string;
  name: string;
  kind: ShippingMethodKind;
  /** Price in the cart's currency, minor units (0 for pickup). */
  amount: number;
  minTransitDays: number;
  maxTransitDays: number;
  /**
   * When an order placed at `destination.at` would arrive; for pickup, the earliest day one of
   * its locations has it ready (as a one-day range). Null when no time was given.
   */
  estimate: DeliveryEstimate | null;
  /** The discounted subtotal from which this method ships free here; null if it never does. */
  freeOver: number | null;
  /** The zone whose rate applies (delivery); null for pickup. */
  zoneCode: string | null;
  /** Where a pickup method's orders can be collected in the destination country; [] for delivery. */
  pickupLocations: PickupLocationOption[];
}

export interface Destination extends ZoneAddress {
  currency: string;
  /** The order time to estimate delivery from; omit when no estimate is needed. */
  at?: Date | undefined;
}

/**
 * The methods offered for a destination and a cart: delivery methods with a rate in a zone that
 * contains the address (the most specific zone's rate, see zone-match.ts) and in `currency`,
 * within their weight and subtotal limits; then pickup methods with a location in the
 * destination's country. Delivery cheapest first, then pickup. Reads 3 to 5 small tables.
 */
export async function listShippingOptions(
  db: Db,
  destination: Destination,
  cart: RatedCart,
  provider: ShippingRateProvider = tableRateProvider,
): Promise<ShippingOption[]> {
  const methods = await cachedConfig(db, "methods", () =>
    db.select().from(shippingMethods).where(eq(shippingMethods.active, true)),
  );
  const withinWeight = (m: (typeof methods)[number]) =>
    (m.minWeightGrams === null && m.maxWeightGrams === null) ||
    (cart.weightGrams !== null &&
      (m.minWeightGrams === null || cart.weightGrams >= m.minWeightGrams) &&
      (m.maxWeightGrams === null || cart.weightGrams <= m.maxWeightGrams));
  const candidates = methods.filter(withinWeight);
  const delivery = await deliveryOptions(db, candidates, destination, cart, provider);
  const pickup = await pickupOptions(db, candidates, destination);
  const at = destination.at;
  if (at && delivery.length + pickup.length > 0) {
    // One calendar read serves both: pickup locations are in the destination's country.
    const calendar = await findDeliveryCalendar(db, destination.country, at);
    for (const o of delivery) o.estimate = estimateDelivery({ now: at, ...calendar, ...o });
    for (const o of pickup) datePickup(o, at, calendar.destinationHolidays);
  }
  delivery.sort((a, b) => a.amount - b.amount || (a.code < b.code ? -1 : 1));
  pickup.sort((a, b) => (a.code < b.code ? -1 : 1));
  return [...delivery, ...pickup];
}

type MethodRow = typeof shippingMethods.$inferSelect;

async function deliveryOptions(
  db: Db,
  methods: MethodRow[],
  destination: Destination,
  cart: RatedCart,
  provider: ShippingRateProvider,
): Promise<ShippingOption[]> {
  const ids = methods.filter((m) => m.kind === "delivery").map((m) => m.id);
  if (ids.length === 0) return [];
  const rates = await cachedConfig(db, `rates:${destination.currency}:${ids.join(",")}`, () =>
    db
      .select({ rate: shippingZoneRates, zone: shippingZones })
      .from(shippingZoneRates)
      .innerJoin(shippingZones, eq(shippingZones.id, shippingZoneRates.zoneId))
      .where(
        and(inArray(shippingZoneRates.methodId, ids), eq(shippingZoneRates.currency, destination.currency)),
      ),
  );
  const options: ShippingOption[] = [];
  for (const method of methods) {
    const own = rates.filter((r) => r.rate.methodId === method.id);
    const zone = mostSpecificZone(
      own.map((r) => r.zone),
      destination,
    );
    const row = zone && own.find((r) => r.zone.id === zone.id)?.rate;
    if (!zone || !row) continue;
    if (row.minSubtotal !== null && cart.subtotal < row.minSubtotal) continue;
    if (row.maxSubtotal !== null && cart.subtotal > row.maxSubtotal) continue;
    const quote = await provider.quote({
      method: { id: method.id, code: method.code },
      zone: { id: zone.id, code: zone.code },
      currency: destination.currency,
      table: row.rate,
      cart,
    });
    if (!quote.ok) continue;
    options.push({
      methodId: method.id,
      code: method.code,
      name: method.name,
      kind: "delivery",
      amount: quote.amount,
      minTransitDays: method.minTransitDays,
      maxTransitDays: method.maxTransitDays,
      estimate: null,
      freeOver: freeShippingThreshold(row.rate),
      zoneCode: zone.code,
      pickupLocations: [],
    });
  }
  return options;
}

async function pickupOptions(
  db: Db,
  methods: MethodRow[],
  destination: Destination,
): Promise<ShippingOption[]> {
  const ids = methods.filter((m) => m.kind === "pickup").map((m) => m.id);
  if (ids.length === 0) return [];
  const locations = (
    await cachedConfig(db, `pickup:${ids.join(",")}`, () =>
      db
        .select()
        .from(shippingPickupLocations)
        .where(and(inArray(shippingPickupLocations.methodId, ids), eq(shippingPickupLocations.active, true))),
    )
  ).filter((l) => l.address.country === destination.country.toUpperCase());
  if (locations.length === 0) return [];
  const options: ShippingOption[] = [];
  for (const method of methods) {
    const here = locations
      .filter((l) => l.methodId === method.id)
      .map(
        (l): PickupLocationOption => ({
          id: l.id,
          name: l.name,
          address: l.address,
          timeZone: l.timeZone,
          openingHours: l.openingHours,
          readyInDays: l.readyInDays,
          readyFrom: null,
        }),
      )
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    if (here.length === 0) continue;
    options.push({
      methodId: method.id,
      code: method.code,
      name: method.name,
      kind: "pickup",
      amount: 0,
      minTransitDays: method.minTransitDays,
      maxTransitDays: method.maxTransitDays,
      estimate: null,
      freeOver: null,
      zoneCode: null,
      pickupLocations: here,
    });
  }
  return options;
}

/** The option for one method if it is still offered for this destination, currency and cart. */
export async function findShippingOption(
  db: Db,
  methodId: string,
  destination: Destination,
  cart: RatedCart,
): Promise<ShippingOption | undefined> {
  const options = await listShippingOptions(db, destination, cart);
  return options.find((o) => o.methodId === methodId);
}

/** Sets each location's ready date and the method's estimate (the earliest of them). */
function datePickup(option: ShippingOption, at: Date, holidays: readonly string[]): void {
  for (const l of option.pickupLocations) l.readyFrom = estimatePickup({ now: at, ...l, holidays });
  const earliest = option.pickupLocations
    .map((l) => l.readyFrom)
    .filter((d): d is string => d !== null)
    .sort()[0];
  option.estimate = earliest ? { earliest, latest: earliest } : null;
}
