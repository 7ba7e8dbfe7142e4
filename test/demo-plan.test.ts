import { describe, expect, it } from "vitest";
import { planCheckouts, planStreams, steps } from "../src/app/demo-plan.ts";

const day = 86_400_000;
const plan = (now: number) => planCheckouts(planStreams(9), 30, 60, now, ["USD", "EUR"]);

describe("demo plan", () => {
  // Every hour of one week, so each weekday and hour of the day is "now" once.
  const nows = Array.from({ length: 7 * 24 }, (_, h) => Date.UTC(2026, 10, 30) + h * 3_600_000);

  it("plans the same shoppers whatever the hour it is made at; only the dates move", () => {
    const shape = (now: number) =>
      plan(now)
        .map(({ start: _start, ...rest }) => JSON.stringify(rest))
        .sort();
    const first = shape(nows[0]!);
    for (const now of nows) expect(shape(now)).toEqual(first);
  });

  it("has shoppers coming back, every return visit before now, and nothing older than the period", () => {
    for (const now of nows) {
      const plans = plan(now);
      const returning = plans.filter((p) => p.returnsAfterHours !== undefined);
      expect(returning.length).toBeGreaterThan(0);
      for (const p of returning) {
        expect(p.reach).toBeGreaterThanOrEqual(2);
        expect(p.reach).toBeLessThan(steps.length);
        expect(p.start.getTime() + p.returnsAfterHours! * 3_600_000).toBeLessThan(now - 15 * 60_000);
      }
      for (const p of plans) {
        expect(p.start.getTime()).toBeLessThan(now - 15 * 60_000);
        expect(p.start.getTime()).toBeGreaterThan(now - 61 * day);
      }
    }
  });

  it("is sorted by start, so order numbers rise with the dates", () => {
    const starts = plan(nows[5]!).map((p) => p.start.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });
});
