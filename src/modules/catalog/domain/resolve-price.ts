/**
 * Which unit price a shopper pays for a variant, and why. Pure: the caller loads the base price
 * and the rules of one currency; docs/decisions/016-price-resolution-and-fx.md explains the order.
 *
 * - `priority` (default): the most specific kind that applies wins, whatever its amount:
 *   contract > group > sale > tier > base. A B2B price is what was negotiated, and a sale the
 *   merchant schedules is meant to be seen.
 * - `lowest`: the lowest applicable amount wins (better for the shopper); ties go to the more
 *   specific kind, so the reason shown is the most telling one.
 * Within one kind, the rule with the highest `minQuantity` the line reaches wins (the deepest
 * tier), then the lowest amount, then the id, so the answer never depends on load order.
 */

export type PriceRuleKind = "sale" | "tier" | "group" | "contract";
export type PricePrecedence = "priority" | "lowest";

export interface PriceRule {
  id: string;
  kind: PriceRuleKind;
  /** Minor units of the currency the rules and base price share. */
  amount: number;
  minQuantity: number;
  customerGroup?: string | null | undefined;
  customerId?: string | null | undefined;
  startsAt?: Date | null | undefined;
  endsAt?: Date | null | undefined;
}

export interface PriceQuery {
  /** The variant's base price; null when it has none in this currency. */
  base: number | null;
  rules: readonly PriceRule[];
  quantity: number;
  customer: { id: string; group: string | null } | null;
  at: Date;
  precedence?: PricePrecedence;
}

export interface ResolvedPrice {
  amount: number;
  /** What produced it: the base price, or one rule (its id and kind). */
  rule: { kind: "base" } | { kind: PriceRuleKind; id: string };
}

const rank: Record<PriceRuleKind | "base", number> = { contract: 4, group: 3, sale: 2, tier: 1, base: 0 };

/** True when the rule is in force at `at`, for this quantity and customer. */
export function isRuleApplicable(
  rule: PriceRule,
  quantity: number,
  customer: PriceQuery["customer"],
  at: Date,
): boolean {
  if (quantity < rule.minQuantity) return false;
  if (rule.startsAt && at < rule.startsAt) return false;
  if (rule.endsAt && at >= rule.endsAt) return false;
  if (rule.kind === "contract") return Boolean(customer && rule.customerId === customer.id);
  if (rule.kind === "group") return Boolean(customer?.group && rule.customerGroup === customer.group);
  return true;
}

/** The unit price and the rule behind it, or null when the variant has no price at all here. */
export function resolvePrice(query: PriceQuery): ResolvedPrice | null {
  const candidates: ResolvedPrice[] = [];
  if (query.base !== null) candidates.push({ amount: query.base, rule: { kind: "base" } });
  for (const r of query.rules)
    if (isRuleApplicable(r, query.quantity, query.customer, query.at))
      candidates.push({ amount: r.amount, rule: { kind: r.kind, id: r.id } });
  const minQuantity = new Map(query.rules.map((r) => [r.id, r.minQuantity]));
  const depth = (c: ResolvedPrice) => ("id" in c.rule ? (minQuantity.get(c.rule.id) ?? 1) : 0);
  const id = (c: ResolvedPrice) => ("id" in c.rule ? c.rule.id : "");
  const byPriority = (a: ResolvedPrice, b: ResolvedPrice) =>
    rank[b.rule.kind] - rank[a.rule.kind] ||
    depth(b) - depth(a) ||
    a.amount - b.amount ||
    id(a).localeCompare(id(b));
  const order =
    query.precedence === "lowest"
      ? (a: ResolvedPrice, b: ResolvedPrice) => a.amount - b.amount || byPriority(a, b)
      : byPriority;
  return candidates.sort(order)[0] ?? null;
}
