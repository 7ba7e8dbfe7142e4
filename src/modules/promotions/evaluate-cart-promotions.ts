import type { Db } from "../../shared/db/database.ts";
import type { CartSnapshot } from "./domain/cart-snapshot.ts";
import {
  evaluatePromotions,
  type PromotionCandidate,
  type PromotionsOutcome,
  type StackingMode,
} from "./domain/evaluate-promotions.ts";
import {
  findAutomaticPromotions,
  findCustomerUsage,
  findPromotionsByCodes,
  normalizeCode,
  toPromotion,
} from "./promotions.repository.ts";

export interface CartPromotionsInput {
  cart: CartSnapshot;
  /** Codes the shopper entered, as entered (matched case-insensitively). */
  codes: readonly string[];
  /** Who counts against per-customer limits: see `customerKeyOf`. */
  customerKey?: string | undefined;
  mode?: StackingMode;
}

/** The promotions that may apply to a cart, with their usage so far: load once, evaluate often. */
export interface CartPromotionCandidates {
  candidates: PromotionCandidate[];
  unknownCodes: string[];
}

/**
 * Loads the automatic promotions and those behind the entered codes, with their usage so far,
 * and lets the engine decide. Read-only (3 queries at most; the automatic ones come cached
 * outside a transaction); usage limits are only advisory here and are enforced atomically by
 * `redeemPromotions` when the order is placed.
 */
export async function evaluateCartPromotions(db: Db, input: CartPromotionsInput): Promise<PromotionsOutcome> {
  return applyCartPromotions(await loadCartPromotions(db, input), input.cart, input.mode);
}

/** The candidates for a cart with these codes and this customer (see evaluateCartPromotions). */
export async function loadCartPromotions(
  db: Db,
  input: Pick<CartPromotionsInput, "codes" | "customerKey">,
): Promise<CartPromotionCandidates> {
  const entered = input.codes.map((code) => ({ code: code.trim(), normalized: normalizeCode(code) }));
  const [automatic, byCode] = await Promise.all([
    findAutomaticPromotions(db),
    findPromotionsByCodes(
      db,
      entered.map((e) => e.normalized),
    ),
  ]);
  const ids = [...new Set([...automatic.map((p) => p.id), ...[...byCode.values()].map((p) => p.id)])];
  const byCustomer = await findCustomerUsage(db, ids, input.customerKey);
  const candidate = (row: (typeof automatic)[number], code?: string): PromotionCandidate => ({
    promotion: toPromotion(row),
    code,
    usage: { total: row.used, byCustomer: byCustomer.get(row.id) ?? 0 },
  });
  const candidates = automatic.map((row) => candidate(row));
  const unknownCodes: string[] = [];
  for (const { code, normalized } of entered) {
    const row = byCode.get(normalized);
    if (row) candidates.push(candidate(row, code));
    else unknownCodes.push(code);
  }
  return { candidates, unknownCodes };
}

/** What the engine decides for this cart among loaded candidates. Pure. */
export function applyCartPromotions(
  loaded: CartPromotionCandidates,
  cart: CartSnapshot,
  mode: StackingMode = "priority",
): PromotionsOutcome {
  return evaluatePromotions({ cart, ...loaded, mode });
}

/**
 * The identity per-customer limits count against: the customer id when signed in, else the
 * e-mail (lower-cased), so a guest cannot reuse a one-per-customer code by changing case.
 */
export function customerKeyOf(customer: { id?: string | null; email?: string | null }): string | undefined {
  if (customer.id) return `customer:${customer.id}`;
  if (customer.email) return `email:${customer.email.trim().toLowerCase()}`;
  return undefined;
}
