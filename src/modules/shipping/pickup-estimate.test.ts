import { describe, expect, it } from "vitest";
import { estimatePickup } from "./pickup-estimate.ts";

// Mon–Fri 10:00–19:00 and Saturday 11:00–17:00 in New York; closed on Sundays.
const openingHours = [
  ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: "10:00", closes: "19:00" })),
  { weekday: 6, opens: "11:00", closes: "17:00" },
];
const ready = (now: string, readyInDays: number, holidays: string[] = []) =>
  estimatePickup({ now: new Date(now), timeZone: "America/New_York", openingHours, readyInDays, holidays });

describe("pickup-ready dates", () => {
  it("is ready the next open day with one day to prepare", () => {
    // Tuesday 2026-03-10 12:00 in New York → Wednesday 11.
    expect(ready("2026-03-10T16:00:00Z", 1)).toBe("2026-03-11");
  });

  it("counts Saturdays when the store opens then, and skips closed Sundays", () => {
    // Friday 2026-03-13 → Saturday 14; two days → Monday 16.
    expect(ready("2026-03-13T16:00:00Z", 1)).toBe("2026-03-14");
    expect(ready("2026-03-13T16:00:00Z", 2)).toBe("2026-03-16");
  });

  it("skips the store's holidays", () => {
    expect(ready("2026-03-10T16:00:00Z", 1, ["2026-03-11"])).toBe("2026-03-12");
  });

  it("is ready the same day with no preparation while the store is open, else the next open day", () => {
    expect(ready("2026-03-10T16:00:00Z", 0)).toBe("2026-03-10");
    // 19:30 local, after closing.
    expect(ready("2026-03-10T23:30:00Z", 0)).toBe("2026-03-11");
    // Sunday 2026-03-15.
    expect(ready("2026-03-15T16:00:00Z", 0)).toBe("2026-03-16");
  });

  it("uses the store's local date, not UTC's", () => {
    // 02:00 UTC on Wednesday is still Tuesday 22:00 in New York.
    expect(ready("2026-03-11T02:00:00Z", 1)).toBe("2026-03-11");
  });

  it("has no date for a store without opening hours", () => {
    expect(
      estimatePickup({ now: new Date(), timeZone: "UTC", openingHours: [], readyInDays: 1, holidays: [] }),
    ).toBeNull();
  });
});
