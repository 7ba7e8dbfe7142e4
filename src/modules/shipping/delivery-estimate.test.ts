import { describe, expect, it } from "vitest";
import { estimateDelivery, type WarehouseCalendar } from "./delivery-estimate.ts";

const warehouse: WarehouseCalendar = {
  timeZone: "America/New_York",
  processingDays: 1,
  cutoffTime: "14:00",
  holidays: [],
};

const estimate = (now: string, overrides: Partial<Parameters<typeof estimateDelivery>[0]> = {}) =>
  estimateDelivery({
    now: new Date(now),
    warehouse,
    minTransitDays: 2,
    maxTransitDays: 4,
    destinationHolidays: [],
    ...overrides,
  });

describe("delivery estimates", () => {
  it("processes an order placed before the cut-off that day", () => {
    // Tuesday 2026-03-10, 13:59 in New York (17:59 UTC, EDT): dispatch Wed 11, +2 → Fri 13, +4 → Tue 17.
    expect(estimate("2026-03-10T17:59:00Z")).toEqual({ earliest: "2026-03-13", latest: "2026-03-17" });
  });

  it("moves an order placed at the cut-off to the next working day", () => {
    // 14:00 local: processing starts Wed 11, dispatch Thu 12, +2 → Mon 16, +4 → Wed 18.
    expect(estimate("2026-03-10T18:00:00Z")).toEqual({ earliest: "2026-03-16", latest: "2026-03-18" });
  });

  it("reads the cut-off in the warehouse's time zone, not UTC", () => {
    // 01:30 UTC on Wednesday is still Tuesday 21:30 in New York: after Tuesday's cut-off.
    expect(estimate("2026-03-11T01:30:00Z")).toEqual(estimate("2026-03-10T18:00:00Z"));
  });

  it("skips the weekend for an order placed on Friday after the cut-off", () => {
    // Fri 2026-03-13 16:00 local → starts Mon 16, dispatch Tue 17, +2 → Thu 19, +4 → Mon 23.
    expect(estimate("2026-03-13T20:00:00Z")).toEqual({ earliest: "2026-03-19", latest: "2026-03-23" });
  });

  it("treats a Saturday order like one placed on Monday morning", () => {
    expect(estimate("2026-03-14T15:00:00Z")).toEqual(estimate("2026-03-16T13:00:00Z"));
  });

  it("skips the destination's holidays while in transit", () => {
    // As the first test, but Thursday 12 is a holiday at the destination: +2 → Mon 16.
    expect(estimate("2026-03-10T17:59:00Z", { destinationHolidays: ["2026-03-12"] })).toEqual({
      earliest: "2026-03-16",
      latest: "2026-03-18",
    });
  });

  it("does not process on the warehouse's own holidays", () => {
    // Wednesday 11 closed: dispatch Thu 12, +2 → Mon 16, +4 → Wed 18.
    const closed = { ...warehouse, holidays: ["2026-03-11"] };
    expect(estimate("2026-03-10T17:59:00Z", { warehouse: closed })).toEqual({
      earliest: "2026-03-16",
      latest: "2026-03-18",
    });
  });

  it("dispatches the same day with no processing days before the cut-off", () => {
    const sameDay = { ...warehouse, processingDays: 0 };
    expect(
      estimate("2026-03-10T12:00:00Z", { warehouse: sameDay, minTransitDays: 1, maxTransitDays: 1 }),
    ).toEqual({
      earliest: "2026-03-11",
      latest: "2026-03-11",
    });
  });

  it("handles the year end across Christmas and New Year in Germany", () => {
    const berlin = { ...warehouse, timeZone: "Europe/Berlin", holidays: ["2026-12-25", "2026-12-26"] };
    // Thu 2026-12-24 10:00 Berlin: processing starts that day, dispatch Mon 28; the destination
    // also rests on 1 January: +2 → Wed 30, +4 → Mon 4 January.
    expect(
      estimate("2026-12-24T09:00:00Z", {
        warehouse: berlin,
        destinationHolidays: ["2026-12-25", "2026-12-26", "2027-01-01"],
      }),
    ).toEqual({ earliest: "2026-12-30", latest: "2027-01-04" });
  });
});
