import { demoCountriesByCurrency, demoFirstNames, demoLastNames } from "./demo-shoppers.ts";

// The demo history's plan: who shops when, what, in which currency and country, how far they
// get, and who comes back. Pure and seeded (the same seed plans the same history); running the
// plan through the Store API is demo-history.ts.

export const steps = [
  "cart_viewed",
  "checkout_started",
  "contact",
  "address",
  "shipping",
  "payment",
] as const;
export type Step = (typeof steps)[number];

/** Share of checkouts that get past each step to the next one; the last is "tried to pay". */
const passRates: Record<Step, number> = {
  cart_viewed: 0.72,
  checkout_started: 0.88,
  contact: 0.9,
  address: 0.92,
  shipping: 0.93,
  payment: 0.94,
};
export const approvedCards = [
  "tok_visa",
  "tok_visa",
  "tok_visa",
  "tok_mastercard",
  "tok_mastercard",
  "tok_amex",
  "tok_discover",
];
const declinedCards = [
  "tok_chargeDeclined",
  "tok_chargeDeclinedInsufficientFunds",
  "tok_chargeDeclinedInsufficientFunds",
  "tok_chargeDeclinedExpiredCard",
  "tok_chargeDeclinedIncorrectCvc",
  "tok_chargeDeclinedLostCard",
];
const promotionCodes = ["WELCOME10", "FREESHIP"];
/** Orders by hour of the day (UTC): a European lunchtime and a long American evening. */
const hourWeights = [3, 2, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 9, 10, 9, 8, 8, 9, 10, 12, 13, 12, 9, 5];
/** Monday … Sunday: busier towards the weekend. */
const weekdayWeights = [9, 8, 8, 9, 10, 12, 13];
const skus: [sku: string, weight: number, maxQuantity: number][] = [
  ["TEE-S", 5, 2],
  ["TEE-M", 8, 3],
  ["TEE-L", 6, 2],
  ["HOODIE-FOREST", 3, 1],
  ["HOODIE-SLATE", 3, 1],
  ["MUG-350", 7, 4],
  ["STICKERS-5", 9, 5],
];

export interface PlannedCheckout {
  start: Date;
  currency: string;
  country: string;
  device: "desktop" | "mobile" | "tablet";
  lines: { sku: string; quantity: number }[];
  /** Index in `steps` of the last step seen; steps.length means a payment was tried. */
  reach: number;
  code: string | undefined;
  /** Card tokens tried in turn; a plan that ends on a decline is abandoned after it. */
  cards: string[];
  express: boolean;
  shopper: { firstName: string; lastName: string; email: string };
  /** A shopper who left after giving an email comes back this many hours later, and pays. */
  returnsAfterHours: number | undefined;
}

/**
 * Three seeded streams: `what` each shopper does, whether they `comeback`, and `when`. Timing has
 * a stream of its own because the calendar shapes how many draws a moment takes (busy hours and
 * weekdays are redrawn by weight): with one stream, the hour the demo is generated at would change
 * who buys what, and on some hours no shopper came back at all.
 */
export interface PlanStreams {
  what: () => number;
  comeback: () => number;
  when: () => number;
}

export function planStreams(seed: number): PlanStreams {
  return {
    what: mulberry32(seed),
    comeback: mulberry32(seed ^ 0x5bd1e995),
    when: mulberry32(seed ^ 0x27d4eb2f),
  };
}

/** Ends of sessions and return visits keep this far from "now": the history must not reach into it. */
const quietBeforeNowMs = 15 * 60_000;
/** Room left for a shopper's session itself before a return visit (sessions last minutes). */
const sessionRoomMs = 3_600_000;

export function planCheckouts(
  streams: PlanStreams,
  count: number,
  days: number,
  now: number,
  currencies: readonly string[],
): PlannedCheckout[] {
  const { what: random, comeback, when } = streams;
  const plans: PlannedCheckout[] = [];
  const returning: PlannedCheckout["shopper"][] = [];
  for (let i = 0; i < count; i++) {
    const currency =
      currencies.length > 1 && random() < 0.4 ? pick(random, currencies.slice(1)) : currencies[0]!;
    const country = weighted(random, demoCountriesByCurrency[currency] ?? [["US", 1]]);
    let reach = 0;
    while (reach < steps.length && random() < passRates[steps[reach]!]) reach++;
    const cards: string[] = [];
    if (reach === steps.length) {
      if (random() < 0.14) {
        cards.push(pick(random, declinedCards));
        // Half of the declined shoppers try another card.
        if (random() < 0.5) cards.push(pick(random, approvedCards));
      } else cards.push(pick(random, approvedCards));
    }
    const shopper =
      returning.length > 5 && random() < 0.25 ? pick(random, returning) : newShopper(random, plans.length);
    if (!returning.includes(shopper)) returning.push(shopper);
    const device = weighted(random, [
      ["desktop", 55],
      ["mobile", 38],
      ["tablet", 7],
    ] as const);
    const lines = pickLines(random);
    const code = random() < 0.22 ? pick(random, promotionCodes) : undefined;
    const express = random() < 0.2;
    const returnsAfterHours =
      reach >= 2 && reach < steps.length && comeback() < 0.4 ? 2 + comeback() * 28 : undefined;
    // A shopper who comes back does so before "now", whatever the hour the demo is made at.
    const latest = now - quietBeforeNowMs - (returnsAfterHours ?? 0) * 3_600_000 - sessionRoomMs;
    plans.push({
      start: pastMoment(when, days, now, latest),
      currency,
      country,
      device,
      lines,
      reach,
      code,
      cards,
      express,
      shopper,
      returnsAfterHours,
    });
  }
  // Chronological, so order numbers rise with the dates.
  return plans.sort((a, b) => a.start.getTime() - b.start.getTime());
}

function newShopper(random: () => number, n: number): PlannedCheckout["shopper"] {
  const firstName = pick(random, demoFirstNames);
  const lastName = pick(random, demoLastNames);
  const local = `${firstName}.${lastName}`
    .toLowerCase()
    .normalize("NFD")
    .replace(/[^a-z.]/g, "");
  return { firstName, lastName, email: `${local}.${n}@example.com` };
}

/**
 * A moment in the last `days` days and before `latest`: busier hours and weekdays, and a store
 * growing over time.
 */
function pastMoment(random: () => number, days: number, now: number, latest: number): Date {
  for (;;) {
    const ago = random() * days;
    const at = new Date(now - ago * 86_400_000);
    // Hour and weekday are redrawn by weight; growth favours recent days.
    const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
    const weekday = (day.getUTCDay() + 6) % 7;
    const growth = 0.6 + 0.4 * (1 - ago / days);
    if (random() > (weekdayWeights[weekday]! / 13) * growth) continue;
    const hour = weighted(
      random,
      hourWeights.map((w, h) => [h, w] as [number, number]),
    );
    const moment = new Date(day.getTime() + hour * 3_600_000 + Math.floor(random() * 3_600_000));
    // Within the period: the day is floored to midnight, which can reach past its start.
    if (moment.getTime() < latest && moment.getTime() >= now - days * 86_400_000) return moment;
  }
}

function pickLines(random: () => number): { sku: string; quantity: number }[] {
  const count = weighted(random, [
    [1, 60],
    [2, 30],
    [3, 10],
  ]);
  const lines = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const [sku, , max] = weightedEntry(random, skus, (s) => s[1]);
    lines.set(sku, 1 + Math.floor(random() * Math.min(max, 2 + Math.floor(random() * max))));
  }
  return [...lines].map(([sku, quantity]) => ({ sku, quantity }));
}

/** A small seeded PRNG (mulberry32): the plan is the same on every run with one seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

function weighted<T>(random: () => number, entries: readonly (readonly [T, number])[]): T {
  return weightedEntry(random, entries, (e) => e[1])[0];
}

function weightedEntry<E>(random: () => number, entries: readonly E[], weightOf: (e: E) => number): E {
  const total = entries.reduce((n, e) => n + weightOf(e), 0);
  let r = random() * total;
  for (const e of entries) {
    r -= weightOf(e);
    if (r < 0) return e;
  }
  return entries.at(-1)!;
}
