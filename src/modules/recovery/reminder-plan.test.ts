import { describe, expect, it } from "vitest";
import { type CartState, planReminder } from "./reminder-plan.ts";

const hour = 3_600_000;
const t0 = new Date("2030-01-01T00:00:00Z");
const at = (hours: number) => new Date(t0.getTime() + hours * hour);
const delaysMs = [1 * hour, 24 * hour];
const openCart = (changedAt = t0): CartState => ({
  found: true,
  status: "open",
  lineCount: 2,
  email: "ada@example.com",
  updatedAt: changedAt,
});
const plan = (cart: CartState, sent: number, now: Date, unsubscribed = false) =>
  planReminder(cart, { remindersSent: sent, lastActivityAt: t0 }, { delaysMs, unsubscribed, now });

describe("planning a cart reminder", () => {
  it("sends the first reminder once its delay after the last change has passed", () => {
    expect(plan(openCart(), 0, at(1))).toEqual({
      action: "send",
      number: 1,
      isLast: false,
      lastActivityAt: t0,
      nextReminderAt: at(24),
    });
  });

  it("sends the last reminder with nothing after it", () => {
    expect(plan(openCart(), 1, at(24))).toMatchObject({
      action: "send",
      number: 2,
      isLast: true,
      nextReminderAt: null,
    });
  });

  it("keeps the spacing between reminders when the pass runs late", () => {
    // Two days late: the second reminder comes 23 h after the first, not at once.
    expect(plan(openCart(), 0, at(49))).toMatchObject({ action: "send", number: 1, nextReminderAt: at(72) });
  });

  it("waits when the shopper changed the cart since", () => {
    expect(plan(openCart(at(20)), 1, at(25))).toEqual({
      action: "wait",
      lastActivityAt: at(20),
      nextReminderAt: at(44),
    });
  });

  it("stops for completed, missing, expired, emptied, unsubscribed and capped carts", () => {
    expect(plan({ ...openCart(), status: "completed" } as CartState, 0, at(2))).toEqual({
      action: "close",
      reason: "completed",
    });
    expect(plan({ found: false }, 0, at(2))).toEqual({ action: "close", reason: "completed" });
    expect(plan({ ...openCart(), status: "expired" } as CartState, 0, at(2))).toMatchObject({
      reason: "expired",
    });
    expect(plan({ ...openCart(), lineCount: 0 } as CartState, 0, at(2))).toMatchObject({ reason: "emptied" });
    expect(plan(openCart(), 0, at(2), true)).toMatchObject({ reason: "unsubscribed" });
    expect(plan(openCart(), 2, at(100))).toMatchObject({ reason: "cap" });
  });

  it("leaves a cart being checked out for the next pass", () => {
    expect(plan({ ...openCart(), status: "completing" } as CartState, 0, at(2))).toEqual({ action: "skip" });
  });
});
