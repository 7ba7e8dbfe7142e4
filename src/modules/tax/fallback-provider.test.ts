import { describe, expect, it, vi } from "vitest";
import { createBuiltinTaxProvider } from "./calculate-tax.ts";
import { withFallback } from "./fallback-provider.ts";
import type { TaxProvider } from "./tax-provider.ts";
import { aTaxInput } from "./tax-test-builders.ts";

const builtin = createBuiltinTaxProvider();
const input = aTaxInput({ country: "DE" });

describe("external tax provider with fallback", () => {
  it("returns the external provider's answer when it answers in time", async () => {
    const external: TaxProvider = {
      name: "acme-tax",
      calculate: async (i) => ({ ...(await builtin.calculate(i)), provider: "acme-tax" }),
    };
    const r = await withFallback(external, builtin).calculate(input);
    expect(r).toMatchObject({ provider: "acme-tax", fallback: false });
  });

  it("falls back to the built-in rates and flags the result when the provider throws", async () => {
    const failures: unknown[] = [];
    const external: TaxProvider = {
      name: "acme-tax",
      calculate: async () => {
        throw new Error("503 from acme");
      },
    };
    const r = await withFallback(external, builtin, { onFailure: (e) => failures.push(e) }).calculate(input);
    expect(r).toMatchObject({ provider: "builtin", fallback: true, taxTotal: 1171 });
    expect(r.notes.at(-1)).toContain("acme-tax was unavailable");
    expect(failures).toHaveLength(1);
  });

  it("falls back after the timeout and aborts the slow call", async () => {
    let aborted = false;
    const external: TaxProvider = {
      name: "slow-tax",
      calculate: (_i, options) =>
        new Promise((_, reject) => {
          options?.signal?.addEventListener("abort", () => {
            aborted = true;
            reject(new Error("aborted"));
          });
        }),
    };
    vi.useFakeTimers();
    try {
      const pending = withFallback(external, builtin, { timeoutMs: 2_000 }).calculate(input);
      await vi.advanceTimersByTimeAsync(2_000);
      expect((await pending).fallback).toBe(true);
    } finally {
      vi.useRealTimers();
    }
    expect(aborted).toBe(true);
  });
});
