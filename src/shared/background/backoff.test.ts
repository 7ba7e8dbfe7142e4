import { describe, expect, it } from "vitest";
import { backoffWithJitterMs } from "./backoff.ts";

describe("backoff with jitter", () => {
  const options = { baseMs: 1000, capMs: 60_000 };

  it("doubles per attempt between half and all of the ceiling", () => {
    expect(backoffWithJitterMs(1, { ...options, random: () => 0 })).toBe(500);
    expect(backoffWithJitterMs(1, { ...options, random: () => 0.999999 })).toBe(1000);
    expect(backoffWithJitterMs(4, { ...options, random: () => 0 })).toBe(4000);
  });

  it("never waits longer than the cap, however many attempts", () => {
    for (const attempt of [7, 20, 1000])
      expect(backoffWithJitterMs(attempt, { ...options, random: () => 0.999999 })).toBeLessThanOrEqual(
        60_000,
      );
  });
});
