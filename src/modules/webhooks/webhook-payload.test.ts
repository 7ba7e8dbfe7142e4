import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "./post-webhook.ts";
import { webhookBody } from "./webhook-payload.ts";

describe("webhook bodies", () => {
  it("drop withheld keys at any depth and keep the rest in order", () => {
    const body = webhookBody({
      id: "evt_1",
      type: "order.placed",
      occurredAt: new Date("2030-01-01T00:00:00Z"),
      payload: {
        orderId: "ord_1",
        accessToken: "secret-token",
        lines: [{ sku: "A", cvc: "123" }],
        number: "CW-1",
      },
    });
    expect(JSON.parse(body)).toEqual({
      id: "evt_1",
      type: "order.placed",
      timestamp: "2030-01-01T00:00:00.000Z",
      data: { orderId: "ord_1", lines: [{ sku: "A" }], number: "CW-1" },
    });
  });
});

describe("Retry-After", () => {
  const now = new Date("2030-01-01T00:00:00Z");
  it("reads seconds and HTTP dates, and ignores nonsense", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Tue, 01 Jan 2030 00:10:00 GMT", now)).toBe(600_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
