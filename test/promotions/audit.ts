import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../../src/shared/db/database.ts";

/**
 * Read-only facts straight from the promotions tables, so a bug in the module's own queries
 * cannot hide a broken guarantee (G11, G12). Nothing here writes.
 */

export async function promotionUsage(
  db: Db,
  promotionId: string,
): Promise<{ used: number; redemptions: number }> {
  const [row] = await queryRows<{ used: number; redemptions: string }>(
    db,
    sql`select p.used, (select count(*) from promotion_redemptions r
                         where r.promotion_id = p.id and r.status = 'redeemed')::text as redemptions
          from promotions p where p.id = ${promotionId}`,
  );
  if (!row) throw new Error(`no promotion ${promotionId}`);
  return { used: Number(row.used), redemptions: Number(row.redemptions) };
}

/** The card's stored balance and the balance its ledger implies: initial + credits + releases − holds. */
export async function giftCardBooks(
  db: Db,
  giftCardId: string,
): Promise<{ balance: number; fromLedger: number }> {
  const [row] = await queryRows<{ balance: string; from_ledger: string }>(
    db,
    sql`select c.balance::text,
               (c.initial_amount + coalesce(sum(case l.kind when 'credit' then l.amount when 'release' then l.amount
                                                            when 'hold' then -l.amount else 0 end), 0))::text as from_ledger
          from gift_cards c left join gift_card_ledger l on l.gift_card_id = c.id
         where c.id = ${giftCardId} group by c.id`,
  );
  if (!row) throw new Error(`no gift card ${giftCardId}`);
  return { balance: Number(row.balance), fromLedger: Number(row.from_ledger) };
}
