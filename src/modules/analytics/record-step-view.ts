import type { Context } from "../../shared/context.ts";
import type { Db } from "../../shared/db/database.ts";
import type { CartRow } from "../cart/index.ts";
import { mergeCheckoutFact } from "./checkout-facts.ts";
import { customerKeyOf } from "./customer-key.ts";
import { analyticsStepViews } from "./schema.ts";
import { type Device, type ReportedStep, startedRank, stepRank } from "./steps.ts";

export type StepView = typeof analyticsStepViews.$inferSelect;

/**
 * Records that the shopper saw a checkout step, with what the cart said at that moment. One row
 * per cart and step: a repeat report (reloads, double sends) is a no-op, which keeps the
 * endpoint cheap to call often. Returns whether this report was new.
 */
export async function recordStepView(
  ctx: Context,
  cart: CartRow,
  step: ReportedStep,
  device: Device | undefined,
): Promise<boolean> {
  const view: StepView = {
    cartId: cart.id,
    step,
    device: device ?? null,
    currency: cart.currency,
    country: cart.shippingAddress?.country ?? null,
    customerKey: customerKeyOf(cart.email),
    at: ctx.clock.now(),
  };
  return ctx.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(analyticsStepViews)
      .values(view)
      .onConflictDoNothing()
      .returning({ step: analyticsStepViews.step });
    if (inserted.length === 0) return false;
    await applyStepView(tx, view);
    return true;
  });
}

/** Folds one step view into the cart's checkout row (also used when rebuilding). */
export async function applyStepView(tx: Db, view: StepView): Promise<void> {
  const rank = stepRank(view.step as ReportedStep);
  await mergeCheckoutFact(tx, {
    cartId: view.cartId,
    at: view.at,
    rank,
    started: rank >= startedRank,
    device: view.device,
    currency: view.currency,
    country: view.country,
    customerKey: view.customerKey,
  });
}
