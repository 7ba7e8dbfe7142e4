import type { Failure } from "../../shared/failure.ts";
import { type DomainEvent, recordEvents } from "../../shared/outbox/outbox.ts";
import type { CheckoutContext } from "./complete-checkout.ts";

/**
 * `checkout.failed`: a completion was refused (`code` is the error the shopper got) or an
 * attempt was undone (`code` is `attempt_undone`, `reason` why: a decline reason, place_failed…).
 * Analytics counts drop-off reasons from it; nothing waits on it.
 */
export function checkoutFailed(
  cartId: string,
  attemptId: string | null,
  code: string,
  reason: string | null,
): DomainEvent {
  return { type: "checkout.failed", aggregateId: cartId, payload: { cartId, attemptId, code, reason } };
}

/**
 * Records a refusal in prepare. Prepare rolled back, so no state changed: the event is the only
 * write and commits alone. A failure to record it is logged, not thrown: the shopper's answer
 * (a 4xx with its code) must not turn into a 500 over a metric.
 */
export async function recordRefusal(ctx: CheckoutContext, cartId: string, failure: Failure): Promise<void> {
  try {
    await recordEvents(ctx.db, ctx.clock.now(), [checkoutFailed(cartId, null, failure.code, null)]);
  } catch (err) {
    ctx.log.warn({ err, cartId, code: failure.code }, "could not record checkout.failed");
  }
}
