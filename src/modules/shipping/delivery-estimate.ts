import { localDateTime } from "./local-time.ts";
/** When and how a warehouse ships: its clock, its preparation time and its daily cut-off. */
export interface WarehouseCalendar {
  /** IANA time zone the cut-off is read in, e.g. "America/New_York". */
  timeZone: string;
  /** Business days between the day an order starts being processed and its dispatch. */
  processingDays: number;
  /** Local "HH:MM": orders placed before it on a business day are processed that day. */
  cutoffTime: string;
  /** ISO dates the warehouse does not work (besides weekends). */
  holidays: readonly string[];
}

/** Inclusive range of ISO dates (YYYY-MM-DD) a parcel is expected to arrive. */
export interface DeliveryEstimate {
  earliest: string;
  latest: string;
}

const DAY_MS = 86_400_000;

/**
 * Estimates delivery for an order placed at `now`: processing starts the same day when it is a
 * warehouse working day before the cut-off (in the warehouse's time zone), else the next working
 * day; dispatch is `processingDays` working days later; delivery takes the method's transit days
 * counted over the destination's working days (no weekends, none of its `destinationHolidays`).
 * Pure: the clock is an argument.
 */
export function estimateDelivery(input: {
  now: Date;
  warehouse: WarehouseCalendar;
  minTransitDays: number;
  maxTransitDays: number;
  destinationHolidays: readonly string[];
}): DeliveryEstimate {
  const { warehouse } = input;
  const local = localDateTime(input.now, warehouse.timeZone);
  const warehouseOff = new Set(warehouse.holidays);
  const destinationOff = new Set(input.destinationHolidays);
  const worksAt = (off: Set<string>) => (day: number) => !isWeekend(day) && !off.has(toIsoDate(day));
  const warehouseWorks = worksAt(warehouseOff);

  let start = local.day;
  if (!warehouseWorks(start) || local.time >= warehouse.cutoffTime) start = nextDay(start, warehouseWorks);
  const dispatch = addDays(start, warehouse.processingDays, warehouseWorks);
  const deliveryWorks = worksAt(destinationOff);
  return {
    earliest: toIsoDate(addDays(dispatch, input.minTransitDays, deliveryWorks)),
    latest: toIsoDate(addDays(dispatch, input.maxTransitDays, deliveryWorks)),
  };
}

const isWeekend = (day: number) => {
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
};

const toIsoDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

function nextDay(day: number, works: (d: number) => boolean): number {
  let d = day + 1;
  while (!works(d)) d += 1;
  return d;
}

/** The `count`-th working day after `day` (or `day` itself for 0). */
function addDays(day: number, count: number, works: (d: number) => boolean): number {
  let d = day;
  for (let i = 0; i < count; i++) d = nextDay(d, works);
  return d;
}
