import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isValidS10, s10CheckDigit, s10TrackingNumber } from "./tracking-number.ts";
import { isValidCarrierSignature, signCarrierWebhook } from "./webhook-signature.ts";

describe("S10 tracking numbers", () => {
  it("computes the UPU check digit of the published example", () => {
    // UPU S10 example: RR473124829GB (serial 47312482, check digit 9).
    expect(s10CheckDigit("47312482")).toBe(9);
    expect(isValidS10("RR473124829GB")).toBe(true);
  });

  it("issues numbers that validate, the same for the same shipment", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (seed) => {
        const number = s10TrackingNumber(seed, "LT", "US");
        expect(isValidS10(number)).toBe(true);
        expect(s10TrackingNumber(seed, "LT", "US")).toBe(number);
      }),
    );
  });

  it("catches a single mistyped digit", () => {
    expect(isValidS10("RR473124829GB".replace("4731", "4831"))).toBe(false);
  });
});

describe("carrier webhook signatures", () => {
  const secret = "0123456789abcdef0123";
  const body = Buffer.from('{"id":"ev-1"}');
  const now = new Date("2026-11-22T10:00:00Z");
  const ts = Math.floor(now.getTime() / 1000);
  const check = (over: Partial<Parameters<typeof isValidCarrierSignature>[0]>) =>
    isValidCarrierSignature({
      secret,
      timestamp: String(ts),
      signature: signCarrierWebhook(secret, ts, body),
      body,
      now,
      toleranceSeconds: 300,
      ...over,
    });

  it("accepts a fresh signature over the exact bytes", () => {
    expect(check({})).toBe(true);
  });

  it("refuses another body, another secret, an old or future timestamp, or none", () => {
    expect(check({ body: Buffer.from('{"id":"ev-2"}') })).toBe(false);
    expect(check({ signature: signCarrierWebhook("another-secret-entirely", ts, body) })).toBe(false);
    expect(check({ now: new Date(now.getTime() + 301_000) })).toBe(false);
    expect(check({ now: new Date(now.getTime() - 301_000) })).toBe(false);
    expect(check({ timestamp: undefined })).toBe(false);
    expect(check({ signature: "v1=00" })).toBe(false);
  });
});
