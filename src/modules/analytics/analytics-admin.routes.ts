import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { funnelSchema, paymentMethodsSchema, peakHoursSchema, summarySchema } from "./analytics.schemas.ts";
import { analyticsFiltersSchema } from "./analytics-filters.ts";
import { getFunnel } from "./get-funnel.ts";
import { getPaymentMethods } from "./get-payment-methods.ts";
import { getPeakHours } from "./get-peak-hours.ts";
import { getSummary } from "./get-summary.ts";

const common = {
  tags: ["admin"],
  security: [{ apiKey: [] }],
  querystring: analyticsFiltersSchema,
};
const config = { scope: "analytics:read" };

/** Admin API: checkout metrics, read from the analytics tables (fed by the event stream). */
export const analyticsAdminRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/admin/analytics/summary",
      {
        config,
        schema: {
          ...common,
          summary: "Checkout completion, duration, gateway success, order value and promotion usage",
          response: { 200: summarySchema, ...problems(400, 401, 403) },
        },
      },
      async (req) => getSummary(ctx.db, req.query),
    );
    app.get(
      "/admin/analytics/funnel",
      {
        config,
        schema: {
          ...common,
          summary: "Checkouts per step, drop-off and the top reasons checkouts failed",
          response: { 200: funnelSchema, ...problems(400, 401, 403) },
        },
      },
      async (req) => getFunnel(ctx.db, req.query),
    );
    app.get(
      "/admin/analytics/peak-hours",
      {
        config,
        schema: {
          ...common,
          summary: "Orders and revenue by hour of day and weekday",
          response: { 200: peakHoursSchema, ...problems(400, 401, 403) },
        },
      },
      async (req) => ({ cells: await getPeakHours(ctx.db, req.query) }),
    );
    app.get(
      "/admin/analytics/payment-methods",
      {
        config,
        schema: {
          ...common,
          summary: "Share of orders by payment method, per day and per customer segment",
          response: { 200: paymentMethodsSchema, ...problems(400, 401, 403) },
        },
      },
      async (req) => getPaymentMethods(ctx.db, req.query),
    );
  };
