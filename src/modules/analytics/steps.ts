/** The funnel, in order. Ranks let "the furthest step a checkout reached" be a plain greatest(). */
export const reportedSteps = [
  "cart_viewed",
  "checkout_started",
  "contact",
  "address",
  "shipping",
  "payment",
] as const;
export type ReportedStep = (typeof reportedSteps)[number];

export const funnelSteps = [...reportedSteps, "completed"] as const;
export type FunnelStep = (typeof funnelSteps)[number];

export const devices = ["desktop", "mobile", "tablet"] as const;
export type Device = (typeof devices)[number];

export const stepRank = (step: FunnelStep): number => funnelSteps.indexOf(step) + 1;

/** A checkout counts as started from the checkout_started step on (or with any attempt to pay). */
export const startedRank = stepRank("checkout_started");
