import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { currencyCodeSchema } from "../../http/schemas.ts";
import { devices } from "./steps.ts";

export const analyticsFiltersSchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional().describe("Start of the period, inclusive (ISO 8601)."),
    to: z.iso.datetime({ offset: true }).optional().describe("End of the period, exclusive (ISO 8601)."),
    currency: currencyCodeSchema.optional(),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, "must be a two-letter ISO 3166 country code such as US")
      .optional()
      .describe("Shipping country of the checkout."),
    device: z.enum(devices).optional(),
    customer: z
      .enum(["new", "returning"])
      .optional()
      .describe("Returning: the same email placed an order before this checkout started."),
  })
  .refine((f) => !f.from || !f.to || Date.parse(f.from) < Date.parse(f.to), {
    message: "must be after from",
    path: ["to"],
  });

export type AnalyticsFilters = z.infer<typeof analyticsFiltersSchema>;

/** Over an analytics_checkouts row `c`: the same email placed an order before this checkout started. */
export const returningCustomer = sql`exists (select 1 from analytics_orders p
  where p.customer_key = c.customer_key and p.placed_at < coalesce(c.started_at, c.first_seen_at))`;

/**
 * The WHERE clause for the filters, over an analytics_checkouts row aliased `c` and a time column
 * the caller names (when a checkout started, an order was placed, a payment was tried); the
 * currency column too where the rows carry their own (payments).
 */
export function whereFilters(
  filters: AnalyticsFilters,
  timeColumn: SQL,
  currencyColumn = sql`c.currency`,
): SQL {
  const parts: SQL[] = [sql`true`];
  if (filters.from) parts.push(sql`${timeColumn} >= ${filters.from}::timestamptz`);
  if (filters.to) parts.push(sql`${timeColumn} < ${filters.to}::timestamptz`);
  if (filters.currency) parts.push(sql`${currencyColumn} = ${filters.currency}`);
  if (filters.country) parts.push(sql`c.country = ${filters.country}`);
  if (filters.device) parts.push(sql`c.device = ${filters.device}`);
  if (filters.customer) {
    // Without a known email a checkout is neither new nor returning: excluded by either filter.
    parts.push(
      filters.customer === "returning"
        ? returningCustomer
        : sql`c.customer_key is not null and not ${returningCustomer}`,
    );
  }
  return sql.join(parts, sql` and `);
}

/** bigint sums come back as strings; money must stay exact integers (G1). */
export function toMinorUnits(value: unknown): number {
  const n = Number(value ?? 0);
  if (!Number.isSafeInteger(n)) throw new Error(`amount ${String(value)} is not a safe integer`);
  return n;
}
