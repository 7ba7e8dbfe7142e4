import { z } from "zod";
import { moneySchema } from "../../http/schemas.ts";
import { funnelSteps } from "./steps.ts";

const ratio = z.number().min(0).max(1);
const count = z.number().int().min(0);
const minor = z.number().int().describe("Integer minor units of `currency`.");

export const summarySchema = z
  .object({
    checkoutsStarted: count,
    orders: count.describe("Checkouts started in the period that became an order."),
    completionRate: ratio.nullable().describe("orders ÷ checkoutsStarted; null without checkouts."),
    checkoutDuration: z.object({
      averageSeconds: z.number().nullable(),
      medianSeconds: z.number().nullable(),
    }),
    gateways: z.array(
      z.object({
        provider: z.string(),
        method: z.string(),
        attempts: count,
        authorized: count,
        failed: count,
        successRatio: ratio,
        declineReasons: z.array(z.object({ reason: z.string(), count })),
      }),
    ),
    orderValue: z
      .array(
        z.object({
          currency: z.string(),
          orders: count,
          revenue: minor,
          average: minor.describe("Mean order total, rounded half away from zero to a minor unit."),
        }),
      )
      .describe("One entry per currency: amounts are never added across currencies."),
    promotions: z.object({
      ordersWithPromotion: count,
      codes: z.array(z.object({ code: z.string(), orders: count })),
      discounts: z.array(z.object({ currency: z.string(), amount: minor })),
    }),
    recovery: z
      .object({
        abandonedCarts: count.describe(
          "Carts marked abandoned in the period (idle with an email and lines).",
        ),
        remindersSent: count,
        remindedCarts: count.describe("Of those, carts sent at least one reminder."),
        recoveredCarts: count.describe("Reminded carts that became an order (at any time)."),
        conversionRate: ratio.nullable().describe("recoveredCarts ÷ remindedCarts; null without reminders."),
        abandonedValue: z.array(z.object({ currency: z.string(), amount: minor })),
        recoveredRevenue: z
          .array(z.object({ currency: z.string(), amount: minor }))
          .describe("Order totals of the recovered carts, per currency."),
      })
      .describe("Abandoned-cart recovery for the carts abandoned in the period."),
  })
  .meta({ id: "AnalyticsSummary" });

export const funnelSchema = z
  .object({
    steps: z.array(
      z.object({
        step: z.enum(funnelSteps),
        count: count.describe("Checkouts that reached at least this step."),
        dropOff: count.describe("Of those, how many did not reach the next step."),
        dropOffRate: ratio.nullable(),
      }),
    ),
    reasons: z.array(
      z.object({
        category: z.enum([
          "payment_declined",
          "out_of_stock",
          "shipping_unavailable",
          "price_changed",
          "other",
        ]),
        code: z.string().describe("The error code the shopper got."),
        reason: z.string().nullable().describe("The finer reason, e.g. a decline reason."),
        count,
      }),
    ),
  })
  .meta({ id: "AnalyticsFunnel" });

export const peakHoursSchema = z
  .object({
    cells: z.array(
      z.object({
        weekday: z.number().int().min(1).max(7).describe("ISO weekday, 1 = Monday (UTC)."),
        hour: z.number().int().min(0).max(23).describe("Hour of day (UTC)."),
        orders: count,
        revenue: z.array(moneySchema),
      }),
    ),
  })
  .meta({ id: "AnalyticsPeakHours" });

const methodShares = z
  .array(
    z.object({
      method: z
        .string()
        .describe("Card brand (visa, mastercard, …), gift_card, or the provider (paypal, bank_transfer, …)."),
      orders: count,
      share: ratio.describe("orders ÷ the orders of the day or segment."),
    }),
  )
  .describe("Sorted by method; the shares add up to 1.");

export const paymentMethodsSchema = z
  .object({
    days: z.array(
      z.object({
        date: z.string().describe("UTC day, YYYY-MM-DD."),
        orders: count,
        methods: methodShares,
      }),
    ),
    segments: z
      .array(
        z.object({
          dimension: z.enum(["customer", "device", "country"]),
          segment: z
            .string()
            .describe(
              "new or returning; desktop, mobile or tablet; a country code; unknown where not reported.",
            ),
          orders: count,
          methods: methodShares,
        }),
      )
      .describe(
        "The same orders split by customer segment: every dimension's segments add up to all orders.",
      ),
  })
  .meta({
    id: "AnalyticsPaymentMethods",
    example: {
      days: [
        {
          date: "2026-11-20",
          orders: 4,
          methods: [
            { method: "mastercard", orders: 1, share: 0.25 },
            { method: "visa", orders: 3, share: 0.75 },
          ],
        },
      ],
      segments: [
        {
          dimension: "customer",
          segment: "new",
          orders: 3,
          methods: [
            { method: "mastercard", orders: 1, share: 1 / 3 },
            { method: "visa", orders: 2, share: 2 / 3 },
          ],
        },
        {
          dimension: "customer",
          segment: "returning",
          orders: 1,
          methods: [{ method: "visa", orders: 1, share: 1 }],
        },
      ],
    },
  });
