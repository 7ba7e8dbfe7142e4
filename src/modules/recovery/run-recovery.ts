import { markAbandonedCarts } from "./mark-abandoned-carts.ts";
import type { RecoveryContext } from "./recovery-context.ts";
import { sendReviewRequests } from "./review-requests.ts";
import { sendCartReminders } from "./send-cart-reminders.ts";

export interface RecoveryReport {
  abandoned: number;
  remindersSent: number;
  closed: number;
  reviewRequestsSent: number;
}

/** One pass of the periodic sweep: mark idle carts, send due reminders and review invitations. Safe to run in parallel. */
export async function runRecovery(ctx: RecoveryContext): Promise<RecoveryReport> {
  const abandoned = await markAbandonedCarts(ctx);
  const reminders = await sendCartReminders(ctx);
  const reviewRequestsSent = await sendReviewRequests(ctx);
  return { abandoned, remindersSent: reminders.sent, closed: reminders.closed, reviewRequestsSent };
}
