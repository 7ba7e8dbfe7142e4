/**
 * What the reminder pass does with one abandoned cart: pure, so the rules read in one place.
 * Delays count from the cart's last change, so a shopper who comes back and edits the cart
 * pushes the next reminder back instead of being reminded mid-visit.
 */

export type CartState =
  | { found: false }
  | { found: true; status: string; lineCount: number; email: string | null; updatedAt: Date };

export interface ReminderState {
  remindersSent: number;
  lastActivityAt: Date;
}

export type ReminderPlan =
  | { action: "close"; reason: "completed" | "expired" | "emptied" | "unsubscribed" | "cap" | "no_email" }
  | { action: "wait"; lastActivityAt: Date; nextReminderAt: Date }
  /** The cart is being checked out right now: look again on the next pass. */
  | { action: "skip" }
  | { action: "send"; number: number; isLast: boolean; lastActivityAt: Date; nextReminderAt: Date | null };

export function planReminder(
  cart: CartState,
  row: ReminderState,
  input: { delaysMs: readonly number[]; unsubscribed: boolean; now: Date },
): ReminderPlan {
  if (!cart.found || cart.status === "completed") return { action: "close", reason: "completed" };
  if (cart.status === "expired") return { action: "close", reason: "expired" };
  if (cart.status !== "open") return { action: "skip" };
  if (cart.lineCount === 0) return { action: "close", reason: "emptied" };
  if (!cart.email) return { action: "close", reason: "no_email" };
  if (input.unsubscribed) return { action: "close", reason: "unsubscribed" };
  const sent = row.remindersSent;
  const delays = input.delaysMs;
  if (sent >= delays.length) return { action: "close", reason: "cap" };
  const lastActivityAt = cart.updatedAt > row.lastActivityAt ? cart.updatedAt : row.lastActivityAt;
  const due = new Date(lastActivityAt.getTime() + delays[sent]!);
  if (due > input.now) return { action: "wait", lastActivityAt, nextReminderAt: due };
  const number = sent + 1;
  const isLast = number === delays.length;
  if (isLast) return { action: "send", number, isLast, lastActivityAt, nextReminderAt: null };
  // Keep the configured spacing even when the sweep ran late: never two reminders back to back.
  const next = Math.max(
    lastActivityAt.getTime() + delays[number]!,
    input.now.getTime() + delays[number]! - delays[sent]!,
  );
  return { action: "send", number, isLast, lastActivityAt, nextReminderAt: new Date(next) };
}

/** The furthest checkout step a cart reached, from what it holds. */
export function lastStepOf(cart: {
  email: string | null;
  shippingAddress: unknown;
  shippingMethodId: string | null;
}): "cart" | "contact" | "address" | "shipping" {
  if (cart.shippingMethodId) return "shipping";
  if (cart.shippingAddress) return "address";
  if (cart.email) return "contact";
  return "cart";
}
