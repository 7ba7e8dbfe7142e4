// Owns abandoned-cart recovery (which carts were abandoned, reminders sent, unsubscribes) and the
// review invitations after delivery. Does not own carts, emails or promotions: it uses their front doors.

export { recoveredCheckoutsSubscriber } from "./recovered-checkouts.subscriber.ts";
export { recoveryStoreRoutes } from "./recovery.routes.ts";
export type { RecoveryContext, RecoverySettings } from "./recovery-context.ts";
export { reviewRequestsSubscriber } from "./review-requests.ts";
export { type RecoveryReport, runRecovery } from "./run-recovery.ts";
