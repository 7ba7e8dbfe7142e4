import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendProblem } from "../../http/problem.ts";
import { currencyCodeSchema, idParam, moneySchema, problems } from "../../http/schemas.ts";
import type { Context } from "../../shared/context.ts";
import { isSupportedCurrency } from "../../shared/money/index.ts";
import { getPaymentTerms, type PaymentTerms, setPaymentTerms } from "./payment-terms.ts";

export const paymentTermsSchema = z
  .object({
    customerId: z.string(),
    purchaseOrders: z.boolean().describe("May pay by purchase order (on invoice)."),
    netDays: z.number().int().describe("Invoices fall due this many days after the order."),
    credit: z.array(
      z.object({
        creditLimit: moneySchema,
        used: moneySchema.describe("Owed on open purchase-order invoices."),
        available: moneySchema,
      }),
    ),
  })
  .meta({
    id: "PaymentTerms",
    example: {
      customerId: "cus_01JX8ZT2K4",
      purchaseOrders: true,
      netDays: 30,
      credit: [
        {
          creditLimit: { amount: 500000, currency: "USD" },
          used: { amount: 120000, currency: "USD" },
          available: { amount: 380000, currency: "USD" },
        },
      ],
    },
  });

export function toPaymentTermsJson(t: PaymentTerms): z.input<typeof paymentTermsSchema> {
  return {
    customerId: t.customerId,
    purchaseOrders: t.purchaseOrders,
    netDays: t.netDays,
    credit: t.credit.map((c) => ({
      creditLimit: { amount: c.creditLimit, currency: c.currency },
      used: { amount: c.used, currency: c.currency },
      available: { amount: c.available, currency: c.currency },
    })),
  };
}

const params = idParam("customerId");

/** Admin API: a customer account's B2B terms (purchase orders, net days, credit limits). */
export const paymentTermsAdminRoutes =
  (ctx: Context): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      "/admin/customers/:customerId/payment-terms",
      {
        config: { scope: "customers:read" },
        schema: {
          tags: ["admin"],
          summary: "Read a customer's B2B payment terms and credit",
          security: [{ apiKey: [] }],
          params,
          response: { 200: paymentTermsSchema, ...problems(401, 403, 404) },
        },
      },
      async (req, reply) => {
        const terms = await getPaymentTerms(ctx.db, req.params.customerId as string);
        return terms.ok ? toPaymentTermsJson(terms.value) : sendProblem(reply, terms.failure);
      },
    );

    app.put(
      "/admin/customers/:customerId/payment-terms",
      {
        config: { scope: "customers:write" },
        schema: {
          tags: ["admin"],
          summary: "Set a customer's B2B payment terms and credit limits",
          description:
            "Enables purchase orders (on invoice, due `netDays` after the order) and sets the credit limit " +
            "per currency. Purchase orders are refused once open invoices would pass the limit. Currencies " +
            "not listed keep their limit.",
          security: [{ apiKey: [] }],
          params,
          body: z
            .object({
              purchaseOrders: z.boolean(),
              netDays: z.number().int().min(0).max(365).default(30),
              creditLimits: z
                .array(
                  z.object({
                    amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
                    currency: currencyCodeSchema.refine(isSupportedCurrency, "is not an ISO 4217 currency"),
                  }),
                )
                .max(50)
                .refine((l) => new Set(l.map((c) => c.currency)).size === l.length, "lists a currency twice")
                .default([]),
            })
            .meta({
              example: {
                purchaseOrders: true,
                netDays: 30,
                creditLimits: [{ amount: 500000, currency: "USD" }],
              },
            }),
          response: { 200: paymentTermsSchema, ...problems(400, 401, 403, 404) },
        },
      },
      async (req, reply) => {
        const terms = await setPaymentTerms(ctx, req.params.customerId as string, req.body);
        return terms.ok ? toPaymentTermsJson(terms.value) : sendProblem(reply, terms.failure);
      },
    );
  };
