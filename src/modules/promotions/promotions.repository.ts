import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import { preparedQuery } from "../../shared/db/prepared-query.ts";
import type { Promotion } from "./domain/promotion-rules.ts";
import { promotionReads } from "./promotions-cache.ts";
import { promotionCodes, promotionCustomerUsage, promotions } from "./schema.ts";

type PromotionRow = typeof promotions.$inferSelect;

/** A promotion as the Admin API shows it: the engine's view plus its codes and usage. */
export interface PromotionView extends Promotion {
  status: "active" | "disabled";
  codes: string[];
  used: number;
  createdAt: Date;
}

export function toPromotion(row: PromotionRow): Promotion {
  return {
    id: row.id,
    label: row.label,
    automatic: row.automatic,
    priority: row.priority,
    stacking: row.stacking,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    usageLimit: row.usageLimit,
    perCustomerLimit: row.perCustomerLimit,
    rules: row.rules,
  };
}

/** Codes are matched case-insensitively and without surrounding spaces. */
export const normalizeCode = (code: string): string => code.trim().toUpperCase();

export async function getPromotion(db: Db, id: string): Promise<PromotionView | undefined> {
  const [row] = await db.select().from(promotions).where(eq(promotions.id, id));
  if (!row) return undefined;
  return (await withCodes(db, [row]))[0];
}

/** Promotions newest first, with their codes (one extra query for all codes, not one per row). */
export async function listPromotions(
  db: Db,
  filter: { status?: "active" | "disabled" | undefined; limit: number },
): Promise<PromotionView[]> {
  const rows = await db
    .select()
    .from(promotions)
    .where(filter.status ? eq(promotions.status, filter.status) : undefined)
    .orderBy(desc(promotions.createdAt), desc(promotions.id))
    .limit(filter.limit);
  return withCodes(db, rows);
}

async function withCodes(db: Db, rows: PromotionRow[]): Promise<PromotionView[]> {
  const ids = rows.map((r) => r.id);
  const codes =
    ids.length === 0
      ? []
      : await db
          .select({ promotionId: promotionCodes.promotionId, code: promotionCodes.code })
          .from(promotionCodes)
          .where(inArray(promotionCodes.promotionId, ids))
          .orderBy(asc(promotionCodes.code));
  return rows.map((row) => ({
    ...toPromotion(row),
    status: row.status,
    used: row.used,
    createdAt: row.createdAt,
    codes: codes.filter((c) => c.promotionId === row.id).map((c) => c.code),
  }));
}

/**
 * Active automatic promotions; dates are judged by the engine so it can explain them. Cached
 * outside a transaction (see promotions-cache.ts).
 */
export function findAutomaticPromotions(db: Db): Promise<PromotionRow[]> {
  return promotionReads.read(db, "automatic", () => automaticPromotions(db).execute());
}

const automaticPromotions = preparedQuery((db) =>
  db
    .select()
    .from(promotions)
    .where(and(eq(promotions.automatic, true), eq(promotions.status, "active")))
    .prepare("automatic_promotions"),
);

/** Active promotions reached by these normalized codes, keyed by normalized code. */
export async function findPromotionsByCodes(
  db: Db,
  normalized: readonly string[],
): Promise<Map<string, PromotionRow>> {
  if (normalized.length === 0) return new Map();
  const rows = await db
    .select({ normalized: promotionCodes.normalized, promotion: promotions })
    .from(promotionCodes)
    .innerJoin(promotions, eq(promotions.id, promotionCodes.promotionId))
    .where(and(inArray(promotionCodes.normalized, [...normalized]), eq(promotions.status, "active")));
  return new Map(rows.map((r) => [r.normalized, r.promotion]));
}

/** How often `customerKey` used each promotion (missing means never). */
export async function findCustomerUsage(
  db: Db,
  promotionIds: readonly string[],
  customerKey: string | undefined,
): Promise<Map<string, number>> {
  if (!customerKey || promotionIds.length === 0) return new Map();
  const rows = await db
    .select({ promotionId: promotionCustomerUsage.promotionId, used: promotionCustomerUsage.used })
    .from(promotionCustomerUsage)
    .where(
      and(
        eq(promotionCustomerUsage.customerKey, customerKey),
        inArray(promotionCustomerUsage.promotionId, [...promotionIds]),
      ),
    );
  return new Map(rows.map((r) => [r.promotionId, r.used]));
}
