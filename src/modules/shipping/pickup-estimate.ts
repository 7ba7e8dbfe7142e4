import { localDateTime } from "./local-time.ts";
import type { OpeningHours } from "./schema.ts";

/**
 * The first day an order placed at `now` can be collected, as a local ISO date: the
 * `readyInDays`-th open day after the order day, where a store is open on the weekdays of its
 * opening hours except its holidays. With 0 days it is the order day itself if the store is open
 * and not yet closed, else the next open day. Null when the store never opens (no hours). Pure.
 */
export function estimatePickup(input: {
  now: Date;
  timeZone: string;
  openingHours: OpeningHours;
  readyInDays: number;
  holidays: readonly string[];
}): string | null {
  const openWeekdays = new Set(input.openingHours.map((h) => h.weekday));
  if (openWeekdays.size === 0) return null;
  const off = new Set(input.holidays);
  const isOpen = (day: number) => openWeekdays.has(weekdayOf(day)) && !off.has(toIsoDate(day));
  const local = localDateTime(input.now, input.timeZone);
  let day = local.day;
  if (input.readyInDays === 0) {
    const today = input.openingHours.filter((h) => h.weekday === weekdayOf(day));
    const stillOpen = isOpen(day) && today.some((h) => local.time < h.closes);
    if (stillOpen) return toIsoDate(day);
    return toIsoDate(nextOpen(day, isOpen));
  }
  for (let i = 0; i < input.readyInDays; i++) day = nextOpen(day, isOpen);
  return toIsoDate(day);
}

const DAY_MS = 86_400_000;
const weekdayOf = (day: number) => new Date(day * DAY_MS).getUTCDay();
const toIsoDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

function nextOpen(day: number, isOpen: (d: number) => boolean): number {
  let d = day + 1;
  // Bounded: a store open on some weekday is open within a week, unless holidays close it all year.
  for (let i = 0; i < 366 && !isOpen(d); i++) d += 1;
  return d;
}
