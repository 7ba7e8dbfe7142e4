import { money, multiply } from "../../../shared/money/index.ts";
import type { CartSnapshot, RejectionReason } from "./cart-snapshot.ts";
import { type UsageSoFar, whyIneligible } from "./eligibility.ts";
import { shareOf } from "./line-discounts.ts";
import type { Promotion, PromotionKind } from "./promotion-rules.ts";

/** A promotion offered to the cart: automatic, or found by a code the shopper entered. */
export interface PromotionCandidate {
  promotion: Promotion;
  /** The code as the shopper entered it; absent for automatic promotions. */
  code?: string | undefined;
  usage: UsageSoFar;
}

/**
 * `priority`: walk promotions by priority, each applying to what earlier ones left; an exclusive
 * one stands alone. `best_deal`: try every allowed combination and keep the one that saves the
 * shopper most (ties go to the priority order), which is what most merchants mean by "best price".
 */
export type StackingMode = "priority" | "best_deal";

export interface EvaluationInput {
  cart: CartSnapshot;
  candidates: readonly PromotionCandidate[];
  /** Codes the shopper entered that match no active promotion. */
  unknownCodes?: readonly string[];
  mode?: StackingMode;
}

/** One applied discount, explained: which promotion, why, how much, and from which lines. */
export interface AppliedDiscount {
  promotionId: string;
  code: string | null;
  label: string;
  kind: PromotionKind;
  /** Σ lines[].amount + shipping, in minor units of the cart's currency. */
  amount: number;
  lines: { lineId: string; amount: number }[];
  shipping: number;
}

export interface RejectedCode {
  code: string;
  promotionId: string | null;
  reason: RejectionReason;
}

export interface PromotionsOutcome {
  currency: string;
  applied: AppliedDiscount[];
  rejected: RejectedCode[];
  /** Discount per cart line (every line, in cart order); Σ amount = lineDiscountTotal. */
  lineDiscounts: { lineId: string; amount: number }[];
  /** Off the line subtotals: the `discount` of the totals. Never more than the subtotal. */
  lineDiscountTotal: number;
  /** Off shipping (free shipping): lowers the shipping total, never below zero. */
  shippingDiscount: number;
}

/** Beyond this many eligible promotions, best_deal only combines the highest-priority ones. */
export const BEST_DEAL_LIMIT = 10;

/**
 * Decides which promotions apply to a cart and what each takes off which line. Pure and
 * deterministic: the same cart and candidates always give the same outcome, in any order.
 */
export function evaluatePromotions(input: EvaluationInput): PromotionsOutcome {
  const { cart } = input;
  const rejected: RejectedCode[] = (input.unknownCodes ?? []).map((code) => ({
    code,
    promotionId: null,
    reason: "not_found",
  }));
  const reject = (c: PromotionCandidate, reason: RejectionReason) => {
    if (c.code !== undefined) rejected.push({ code: c.code, promotionId: c.promotion.id, reason });
  };
  const seen = new Set<string>();
  const eligible: PromotionCandidate[] = [];
  for (const candidate of [...input.candidates].sort(byPriority)) {
    if (seen.has(candidate.promotion.id)) {
      reject(candidate, "duplicate");
      continue;
    }
    seen.add(candidate.promotion.id);
    const reason = whyIneligible(candidate.promotion, cart, candidate.usage);
    if (reason) reject(candidate, reason);
    else eligible.push(candidate);
  }
  const chosen = input.mode === "best_deal" ? bestDeal(cart, eligible) : applyInOrder(cart, eligible);
  for (const [candidate, reason] of chosen.dropped) reject(candidate, reason);
  const lineDiscounts = cart.lines.map((line, i) => ({
    lineId: line.id,
    amount: chosen.applied.reduce((sum, a) => sum + (a.lines[i]?.amount ?? 0), 0),
  }));
  return {
    currency: cart.currency,
    applied: chosen.applied.map((a) => ({ ...a, lines: a.lines.filter((l) => l.amount > 0) })),
    rejected,
    lineDiscounts,
    lineDiscountTotal: lineDiscounts.reduce((sum, l) => sum + l.amount, 0),
    shippingDiscount: chosen.applied.reduce((sum, a) => sum + a.shipping, 0),
  };
}

interface Selection {
  applied: AppliedDiscount[];
  dropped: [PromotionCandidate, RejectionReason][];
}

function byPriority(a: PromotionCandidate, b: PromotionCandidate): number {
  const p = b.promotion.priority - a.promotion.priority;
  if (p !== 0) return p;
  if (a.promotion.id !== b.promotion.id) return a.promotion.id < b.promotion.id ? -1 : 1;
  // The same promotion twice: automatic before a code, so the code is the one called duplicate.
  return (a.code === undefined ? 0 : 1) - (b.code === undefined ? 0 : 1);
}

/**
 * Applies candidates in the given order, each to what is left after the ones before it. A
 * candidate that would take nothing is dropped as not_applicable, except free shipping, which
 * stays applied at 0 while no method is chosen so the shopper sees the code was accepted.
 * An exclusive promotion after any applied one, or any after an exclusive, is not_combinable.
 */
function applyInOrder(cart: CartSnapshot, ordered: readonly PromotionCandidate[]): Selection {
  const remaining = cart.lines.map((l) => multiply(money(l.unitPrice, cart.currency), l.quantity).amount);
  let shippingLeft = cart.shipping;
  const applied: AppliedDiscount[] = [];
  const dropped: Selection["dropped"] = [];
  let exclusiveApplied = false;
  for (const candidate of ordered) {
    const { promotion } = candidate;
    const effect = promotion.rules.effect;
    const share = shareOf(effect, cart, remaining, shippingLeft);
    const amount = share.lines.reduce((a, b) => a + b, 0) + share.shipping;
    if (amount === 0 && effect.kind !== "free_shipping") {
      dropped.push([candidate, "not_applicable"]);
      continue;
    }
    if (applied.length > 0 && (exclusiveApplied || promotion.stacking === "exclusive")) {
      dropped.push([candidate, "not_combinable"]);
      continue;
    }
    share.lines.forEach((off, i) => {
      remaining[i] = (remaining[i] ?? 0) - off;
    });
    shippingLeft -= share.shipping;
    exclusiveApplied ||= promotion.stacking === "exclusive";
    applied.push({
      promotionId: promotion.id,
      code: candidate.code ?? null,
      label: promotion.label,
      kind: effect.kind,
      amount,
      lines: cart.lines.map((line, i) => ({ lineId: line.id, amount: share.lines[i] ?? 0 })),
      shipping: share.shipping,
    });
  }
  return { applied, dropped };
}

const saved = (s: Selection) => s.applied.reduce((sum, a) => sum + a.amount, 0);

/**
 * Tries every allowed set (one exclusive alone, or any number of combinable ones, applied in
 * priority order) and keeps the one that saves most; on a tie, the first found in a fixed
 * enumeration, so the outcome is deterministic. 2^10 sets of a few lines each take milliseconds.
 */
function bestDeal(cart: CartSnapshot, eligible: readonly PromotionCandidate[]): Selection {
  const considered = eligible.slice(0, BEST_DEAL_LIMIT);
  const overflow = eligible.slice(BEST_DEAL_LIMIT);
  let best: Selection = { applied: [], dropped: [] };
  let bestSaved = 0;
  for (let mask = 1; mask < 1 << considered.length; mask++) {
    const set = considered.filter((_, i) => mask & (1 << i));
    if (set.length > 1 && set.some((c) => c.promotion.stacking === "exclusive")) continue;
    const trial = applyInOrder(cart, set);
    if (trial.dropped.length > 0) continue; // a member adds nothing: the smaller set covers it
    const amount = saved(trial);
    // Free shipping at 0 still counts as applied, so a set is better only when it saves more.
    if (
      amount > bestSaved ||
      (best.applied.length === 0 && trial.applied.length > 0 && amount === bestSaved)
    ) {
      best = trial;
      bestSaved = amount;
    }
  }
  const chosenIds = new Set(best.applied.map((a) => a.promotionId));
  const dropped: Selection["dropped"] = [];
  for (const candidate of [...considered, ...overflow]) {
    if (chosenIds.has(candidate.promotion.id)) continue;
    const alone = applyInOrder(cart, [candidate]);
    dropped.push([candidate, alone.applied.length > 0 ? "not_combinable" : "not_applicable"]);
  }
  return { applied: best.applied, dropped };
}
