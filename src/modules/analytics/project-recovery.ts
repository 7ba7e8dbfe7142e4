import { sql } from "drizzle-orm";
import type { Db } from "../../shared/db/database.ts";
import type { PublishedEvent } from "../../shared/outbox/subscriber.ts";

/** The recovery module's events, read into analytics_recovery. */
export const recoveryEventTypes = [
  "checkout.abandoned",
  "checkout.reminder_sent",
  "checkout.recovered",
] as const;

const money = (value: unknown): { amount: number; currency: string } | null => {
  if (!value || typeof value !== "object") return null;
  const { amount, currency } = value as { amount?: unknown; currency?: unknown };
  return typeof amount === "number" && typeof currency === "string" ? { amount, currency } : null;
};

/**
 * Merges one recovery event into its cart's row. Columns merge with coalesce/least, so the
 * order events arrive in does not matter; the reminder count adds one per event, which the
 * caller's consumeOnce makes happen once per event.
 */
export async function projectRecovery(tx: Db, event: PublishedEvent): Promise<void> {
  const p = event.payload;
  const cartId = typeof p.cartId === "string" ? p.cartId : event.aggregateId;
  const at = event.occurredAt.toISOString();
  const abandoned = event.type === "checkout.abandoned";
  const reminded = event.type === "checkout.reminder_sent";
  const recovered = event.type === "checkout.recovered";
  const value = abandoned ? money(p.value) : null;
  const total = recovered ? money(p.total) : null;
  const currency = value?.currency ?? total?.currency ?? money(p.value)?.currency ?? null;
  await tx.execute(sql`
    insert into analytics_recovery as r
      (cart_id, currency, abandoned_at, value, reminders_sent, first_reminder_at,
       recovered_at, recovered_order_id, recovered_total)
    values (${cartId}, ${currency}, ${abandoned ? at : null}::timestamptz, ${value?.amount ?? null}::bigint,
            ${reminded ? 1 : 0}, ${reminded ? at : null}::timestamptz,
            ${recovered ? at : null}::timestamptz, ${recovered && typeof p.orderId === "string" ? p.orderId : null},
            ${total?.amount ?? null}::bigint)
    on conflict (cart_id) do update set
      currency = coalesce(r.currency, excluded.currency),
      abandoned_at = coalesce(r.abandoned_at, excluded.abandoned_at),
      value = coalesce(r.value, excluded.value),
      reminders_sent = r.reminders_sent + excluded.reminders_sent,
      first_reminder_at = least(r.first_reminder_at, excluded.first_reminder_at),
      recovered_at = coalesce(r.recovered_at, excluded.recovered_at),
      recovered_order_id = coalesce(r.recovered_order_id, excluded.recovered_order_id),
      recovered_total = coalesce(r.recovered_total, excluded.recovered_total)`);
}
